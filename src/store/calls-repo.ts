import type { Engine } from './engine.js';
import type { Op } from './types.js';
import type { Call, CallAnswer } from '../domain/calls/types.js';

const CALLS = 'calls';
const ANSWERS = 'callAnswers';
const COUNTERS = 'counters';

/** Calls for participation and announcements, and the answers to them. */
export class CallsRepo {
  constructor(private readonly engine: Engine) {}

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

  reserveReference(year: number): { ref: string; op: Op } {
    const id = `calls-${year}`;
    const n = (this.engine.get<{ id: string; value: number }>(COUNTERS, id)?.value ?? 0) + 1;
    return { ref: `UT-${year}-${String(n).padStart(4, '0')}`, op: { c: COUNTERS, id, v: { id, value: n } } };
  }

  answers(callId: string): CallAnswer[] {
    return this.engine.values<CallAnswer>(ANSWERS).filter((a) => a.callId === callId);
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
