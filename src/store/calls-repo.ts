import type { Backend, IndexDef } from './backend.js';
import type { Op } from './types.js';
import type { AnswerEntry, Call, CallAnswer } from '../domain/calls/types.js';
import { EventLog } from './event-log.js';
import type { ErasedPerson, Eraser } from './erasure.js';
import { reference } from '../domain/needs/reference.js';
import { reserveNumber } from './counters.js';

const CALLS = 'calls';
const ANSWERS = 'callAnswers';
export const ANSWER_EVENTS = 'answerEvents';

/** Calls for participation and announcements, and the answers to them. */
export class CallsRepo {
  private readonly answersByCall: IndexDef<CallAnswer> = { name: 'call', collection: ANSWERS, key: (a) => a.callId };
  private readonly byStatus: IndexDef<Call> = { name: 'status', collection: CALLS, key: (c) => c.status };
  /** Every answer's history, one record per answer given (see {@link EventLog}). */
  readonly answerEvents: EventLog<AnswerEntry>;

  /**
   * "Delete my data": a call stays without its author (and without the author's progress card);
   * a municipality's answer stays without the name; a person's own expression of interest goes.
   */
  readonly erasers: Record<string, Eraser> = {
    [CALLS]: (call, person) => {
      const { progress, ...rest } = call as unknown as Call;
      return (progress && person.otherIds.includes(progress.conversationId) ? rest : call) as Record<string, unknown>;
    },
    [ANSWERS]: (answer, person) => (answer.personId === person.id ? null : answer),
    [ANSWER_EVENTS]: (event, person: ErasedPerson) => (String(event.subject).includes(person.id) ? null : event),
  };

  constructor(private readonly engine: Backend) {
    engine.defineIndex(this.answersByCall);
    engine.defineIndex(this.byStatus);
    this.answerEvents = new EventLog<AnswerEntry>(engine, ANSWER_EVENTS);
  }

  /** The answers given under one answer id, oldest first. */
  answerHistory(answerId: string): Promise<AnswerEntry[]> {
    return this.answerEvents.list(answerId);
  }

  answerHistoryOp(answerId: string, entry: AnswerEntry): Promise<Op> {
    return this.answerEvents.appendOp(answerId, entry);
  }

  get(id: string): Promise<Call | undefined> {
    return this.engine.get<Call>(CALLS, id);
  }

  /** The calls in one of `statuses` (the sweeps look at scheduled and open calls only, not every call ever made). */
  withStatus(...statuses: Call['status'][]): Promise<Call[]> {
    return this.engine.byKey(this.byStatus, statuses);
  }

  all(): Promise<readonly Call[]> {
    return this.engine.values<Call>(CALLS);
  }

  op(call: Call): Op {
    return { c: CALLS, id: call.id, v: call };
  }

  deleteOp(id: string): Op {
    return { c: CALLS, id };
  }

  /** The next reference (UT-…) and the ops that reserve it; commit them with the call. */
  async reserveReference(now: Date, timezone: string): Promise<{ ref: string; ops: Op[] }> {
    const { year, n, ops } = await reserveNumber(this.engine, 'calls', now, timezone);
    return { ref: reference('UT', year, n), ops };
  }

  answers(callId: string): Promise<CallAnswer[]> {
    return this.engine.byKey(this.answersByCall, callId);
  }

  answer(id: string): Promise<CallAnswer | undefined> {
    return this.engine.get<CallAnswer>(ANSWERS, id);
  }

  answerOp(answer: CallAnswer): Op {
    return { c: ANSWERS, id: answer.id, v: answer };
  }

  commit(ops: Op[]): Promise<void> {
    return this.engine.commit(ops);
  }
}
