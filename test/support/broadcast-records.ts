import type { Recorded } from './connector.js';

/** Teams' limits as the fake connector enforces them in the multi-instance tests and the bench. */
export const TEAMS_LIMIT_PER_TENANT = 50;
export const TEAMS_LIMIT_PER_CONVERSATION = 7;

/**
 * How long after Teams answered a message its outcome may still be unwritten when the sending
 * instance dies (the write takes milliseconds; the margin is for a loaded machine).
 */
const OUTCOME_WRITE_MS = 2000;
/** A stretch without any request longer than this is a pause (a lease running out), not sending. */
const PAUSE_MS = 2000;

/**
 * The most requests the connector saw in any `windowMs` sliding window (by arrival), over all
 * conversations (one tenant) and in any one conversation: successful, throttled and failed alike,
 * as Teams counts them.
 */
export function peakPerWindow(records: readonly Recorded[], windowMs: number): { perTenant: number; perConversation: number } {
  const peak = (times: number[]) => {
    times.sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j] - times[i] >= windowMs) i++;
      best = Math.max(best, j - i + 1);
    }
    return best;
  };
  const byConversation = new Map<string, number[]>();
  for (const r of records) byConversation.set(r.conversationId, [...(byConversation.get(r.conversationId) ?? []), r.startedAt]);
  return {
    perTenant: peak(records.map((r) => r.startedAt)),
    perConversation: Math.max(0, ...[...byConversation.values()].map(peak)),
  };
}

export interface BroadcastAnalysis {
  duplicates: number;
  /** Recipients served twice whose first delivery was not in flight at the kill: must be none. */
  duplicatesOutsideWindow: string[];
  /** Deliveries that began before the kill and were answered at most OUTCOME_WRITE_MS before it (or after). */
  inFlightAtKill: number;
  throttled: number;
  injected: number;
  seconds: number;
  pauseSeconds: number;
  requestsPerSecond: number;
  deliveredPerSecond: number;
  /** The same, without the pauses (the lease of the killed instance's messages running out). */
  requestsPerSecondActive: number;
  deliveredPerSecondActive: number;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** What the connector's records of a broadcast (its POSTs to the recipients) say, with the moment of a kill if there was one. */
export function analyse(records: readonly Recorded[], o: { killAt?: number } = {}): BroadcastAnalysis {
  const ok = records.filter((r) => !r.fault);
  const byConversation = new Map<string, Recorded[]>();
  for (const r of [...ok].sort((a, b) => a.startedAt - b.startedAt)) byConversation.set(r.conversationId, [...(byConversation.get(r.conversationId) ?? []), r]);
  const killAt = o.killAt ?? -Infinity;
  const inFlight = (r: Recorded) => r.startedAt <= killAt && r.at >= killAt - OUTCOME_WRITE_MS;
  const duplicatesOutsideWindow = [...byConversation].filter(([, rs]) => rs.length > 1 && !inFlight(rs[0])).map(([id]) => id);
  const sorted = [...records].sort((a, b) => a.startedAt - b.startedAt);
  let pauses = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i].startedAt - sorted[i - 1].startedAt;
    if (gap > PAUSE_MS) pauses += gap;
  }
  const span = sorted.length ? Math.max(...sorted.map((r) => r.at)) - sorted[0].startedAt : 0;
  const delivered = byConversation.size;
  const rate = (n: number, ms: number) => (ms > 0 ? round((n * 1000) / ms) : 0);
  return {
    duplicates: ok.length - delivered,
    duplicatesOutsideWindow,
    inFlightAtKill: ok.filter(inFlight).length,
    throttled: records.filter((r) => (r as { throttled?: boolean }).throttled).length,
    injected: records.filter((r) => (r as { random?: boolean }).random).length,
    seconds: round(span / 1000),
    pauseSeconds: round(pauses / 1000),
    requestsPerSecond: rate(records.length, span),
    deliveredPerSecond: rate(delivered, span),
    requestsPerSecondActive: rate(records.length, span - pauses),
    deliveredPerSecondActive: rate(delivered, span - pauses),
  };
}
