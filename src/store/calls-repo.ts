import type { Engine } from './engine.js';
import { IndexBy } from './index-by.js';
import type { Op } from './types.js';
import type { Call, CallAnswer } from '../domain/calls/types.js';
import { reference } from '../domain/needs/reference.js';
import { reserveNumber } from './counters.js';

const CALLS = 'calls';
const ANSWERS = 'callAnswers';

/** Calls for participation and announcements, and the answers to them. */
export class CallsRepo {
  private readonly answersByCall: IndexBy<CallAnswer>;

  constructor(private readonly engine: Engine) {
    this.answersByCall = new IndexBy<CallAnswer>(engine, ANSWERS, (a) => a.callId);
  }

  get(id: string): Call | undefined {
    return this.engine.get<Call>(CALLS, id);
  }

  all(): readonly Call[] {
    return this.engine.values<Call>(CALLS);
  }

  op(call: Call): Op {
    return { c: CALLS, id: call.id, v: call };
  }

  deleteOp(id: string): Op {
    return { c: CALLS, id };
  }

  /** The next reference (UT-…) and the op that reserves it; commit the op with the call. */
  reserveReference(now: Date, timezone: string): { ref: string; op: Op } {
    const { year, n, op } = reserveNumber(this.engine, 'calls', now, timezone);
    return { ref: reference('UT', year, n), op };
  }

  answers(callId: string): CallAnswer[] {
    return this.answersByCall.get(callId);
  }

  answer(id: string): CallAnswer | undefined {
    return this.engine.get<CallAnswer>(ANSWERS, id);
  }

  answerOp(answer: CallAnswer): Op {
    return { c: ANSWERS, id: answer.id, v: answer };
  }

  commit(ops: Op[]): Promise<void> {
    return this.engine.commit(ops);
  }
}
