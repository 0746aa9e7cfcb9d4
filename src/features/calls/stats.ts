import type { Deps } from '../../deps.js';
import type { Call, CallAnswer } from '../../domain/calls/types.js';

/** What a call's answers and deliveries add up to. */
export interface CallStats {
  join: number;
  interested: number;
  notRelevant: number;
  silent: string[];
  municipalityAnswers: CallAnswer[];
  individual: CallAnswer[];
  deliveries: Record<'sent' | 'pending' | 'failed' | 'unreachable' | 'not-installed' | 'cancelled', number>;
}

/** Counts a call's answers by kind, the municipalities still silent, and its deliveries by status. */
export async function callStats(deps: Deps, call: Call): Promise<CallStats> {
  const answers = await deps.store.calls.answers(call.id);
  const municipalityAnswers = answers.filter((a) => !a.personId);
  const answered = new Set(municipalityAnswers.map((a) => a.municipality));
  const deliveries = { sent: 0, pending: 0, failed: 0, unreachable: 0, 'not-installed': 0, cancelled: 0 };
  for (const m of await deps.store.outbox.bySubject(call.id)) if (m.kind === 'call') deliveries[m.status]++;
  return {
    join: municipalityAnswers.filter((a) => a.answer === 'join').length,
    interested: municipalityAnswers.filter((a) => a.answer === 'interested').length,
    notRelevant: municipalityAnswers.filter((a) => a.answer === 'not-relevant').length,
    silent: call.kind === 'participation' ? call.municipalities.filter((m) => !answered.has(m)) : [],
    municipalityAnswers,
    individual: answers.filter((a) => a.personId),
    deliveries,
  };
}
