import { describe, it, expect } from 'vitest';
import { checkStep, nextStep, PARTICIPATION_STEPS, PARTICIPATION_STATES, type Participation } from '../../src/domain/participation.js';

const p = (over: Partial<Participation> = {}): Participation => ({ id: 'c:m', cluster: 'c', municipality: 'm', state: 'invited', updatedAt: '', ...over });

describe('participation transitions', () => {
  it('walks invited → decision-pending → decided → agreement-signed → active, each with its facts', () => {
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2026-04-23' }, 'contact')).toEqual({ ok: true, state: 'decision-pending' });
    expect(checkStep(p({ state: 'decision-pending' }), 'decided', { decisionDate: '2026-05-21', caseNumber: '1', outcome: 'join' }, 'contact')).toEqual({ ok: true, state: 'decided' });
    expect(checkStep(p({ state: 'decided', outcome: 'join' }), 'agreement-signed', { signedDate: '2026-06-01', signedBy: 'KD' }, 'contact')).toEqual({ ok: true, state: 'agreement-signed' });
    expect(checkStep(p({ state: 'agreement-signed', outcome: 'join' }), 'active', {}, 'contact')).toEqual({ ok: true, state: 'active' });
  });

  it('ends in "declined" when the council declines, and nothing follows a final state', () => {
    expect(checkStep(p(), 'decided', { decisionDate: '2026-05-21', caseNumber: '1', outcome: 'decline' }, 'contact')).toEqual({ ok: true, state: 'declined' });
    expect(checkStep(p({ state: 'decided', outcome: 'decline' }), 'agreement-signed', { signedDate: 'x', signedBy: 'y' }, 'contact')).toEqual({ ok: false, reason: 'not-allowed' });
    expect(nextStep({ state: 'declined' })).toBeUndefined();
    expect(nextStep({ state: 'active' })).toBeUndefined();
  });

  it('names what is missing, and requires a note from a coordinator acting on a municipality’s behalf', () => {
    expect(checkStep(p(), 'decision-pending', {}, 'contact')).toEqual({ ok: false, reason: 'missing', missing: ['meetingDate'] });
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2026-04-23' }, 'coordinator')).toEqual({ ok: false, reason: 'missing', missing: ['note'] });
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2026-04-23' }, 'coordinator', 'telefon')).toMatchObject({ ok: true });
  });

  it('refuses skipped steps and only names real states', () => {
    expect(checkStep(p(), 'active', {}, 'contact')).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkStep(p({ state: 'invited' }), 'agreement-signed', { signedDate: 'x', signedBy: 'y' }, 'contact')).toEqual({ ok: false, reason: 'not-allowed' });
    for (const r of PARTICIPATION_STEPS) for (const s of [...r.from, r.to]) expect(PARTICIPATION_STATES).toContain(s);
  });
});
