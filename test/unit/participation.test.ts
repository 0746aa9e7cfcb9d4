import { describe, it, expect } from 'vitest';
import {
  checkDates,
  checkStep,
  dayIn,
  isCalendarDay,
  nextStep,
  PARTICIPATION_STEPS,
  PARTICIPATION_STATES,
  type Participation,
  type ParticipationEntry,
} from '../../src/domain/participation.js';
import { changeRight, correctLast, lastStep, undoLast } from '../../src/domain/participation-changes.js';

const p = (over: Partial<Participation> = {}): Participation => ({ id: 'c:m', cluster: 'c', municipality: 'm', state: 'invited', updatedAt: '', ...over });
const today = '2026-12-01';
const contact = { actor: 'contact' as const, today };

describe('participation transitions', () => {
  it('walks invited → decision-pending → decided → agreement-signed → active, each with its facts', () => {
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2026-04-23' }, contact)).toEqual({ ok: true, state: 'decision-pending' });
    expect(checkStep(p({ state: 'decision-pending' }), 'decided', { decisionDate: '2026-05-21', caseNumber: '1', outcome: 'join' }, contact)).toEqual({
      ok: true,
      state: 'decided',
    });
    expect(checkStep(p({ state: 'decided', outcome: 'join' }), 'agreement-signed', { signedDate: '2026-06-01', signedBy: 'KD' }, contact)).toEqual({
      ok: true,
      state: 'agreement-signed',
    });
    expect(checkStep(p({ state: 'agreement-signed', outcome: 'join' }), 'active', {}, contact)).toEqual({ ok: true, state: 'active' });
  });

  it('ends in "declined" when the council declines, and nothing follows a final state', () => {
    expect(checkStep(p(), 'decided', { decisionDate: '2026-05-21', caseNumber: '1', outcome: 'decline' }, contact)).toEqual({ ok: true, state: 'declined' });
    expect(checkStep(p({ state: 'decided', outcome: 'decline' }), 'agreement-signed', { signedDate: 'x', signedBy: 'y' }, contact)).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    expect(nextStep({ state: 'declined' })).toBeUndefined();
    expect(nextStep({ state: 'active' })).toBeUndefined();
  });

  it('names what is missing, and requires a note from a coordinator acting on a municipality’s behalf', () => {
    expect(checkStep(p(), 'decision-pending', {}, contact)).toEqual({ ok: false, reason: 'missing', missing: ['meetingDate'] });
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2026-04-23' }, { actor: 'coordinator', today })).toEqual({
      ok: false,
      reason: 'missing',
      missing: ['note'],
    });
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2026-04-23' }, { actor: 'coordinator', note: 'telefon', today })).toMatchObject({ ok: true });
  });

  it('refuses skipped steps and only names real states', () => {
    expect(checkStep(p(), 'active', {}, contact)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkStep(p({ state: 'invited' }), 'agreement-signed', { signedDate: 'x', signedBy: 'y' }, contact)).toEqual({ ok: false, reason: 'not-allowed' });
    for (const r of PARTICIPATION_STEPS) for (const s of [...r.from, r.to]) expect(PARTICIPATION_STATES).toContain(s);
  });
});

describe('participation dates', () => {
  it('knows real calendar days', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-00-10')).toBe(false);
    expect(isCalendarDay('0001-01-01')).toBe(false);
    expect(isCalendarDay('21.05.2026')).toBe(false);
  });

  it('reads today in the zone, not in UTC', () => {
    // 23:30 UTC on 1 December is 00:30 on 2 December in Oslo
    expect(dayIn(new Date('2026-12-01T23:30:00Z'), 'Europe/Oslo')).toBe('2026-12-02');
    expect(dayIn(new Date('2026-12-01T22:59:00Z'), 'Europe/Oslo')).toBe('2026-12-01');
  });

  it('refuses a council decision or a signature dated after today, but not a meeting ahead', () => {
    expect(checkStep(p({ state: 'decision-pending' }), 'decided', { decisionDate: '2026-12-02', caseNumber: '1', outcome: 'join' }, contact)).toEqual({
      ok: false,
      reason: 'future',
      field: 'decisionDate',
      value: '2026-12-02',
      today,
    });
    expect(checkStep(p({ state: 'decision-pending' }), 'decided', { decisionDate: today, caseNumber: '1', outcome: 'join' }, contact)).toMatchObject({
      ok: true,
    });
    expect(
      checkStep(
        p({ state: 'decided', outcome: 'join', decisionDate: '2026-05-21' }),
        'agreement-signed',
        { signedDate: '2027-01-05', signedBy: 'KD' },
        contact,
      ),
    ).toMatchObject({ ok: false, reason: 'future', field: 'signedDate' });
    expect(checkStep(p(), 'decision-pending', { meetingDate: '2027-02-10' }, contact)).toEqual({ ok: true, state: 'decision-pending' });
  });

  it('refuses a signature before the council decision, a decision before the meeting, a meeting before the invitation', () => {
    expect(
      checkStep(
        p({ state: 'decided', outcome: 'join', decisionDate: '2026-05-21' }),
        'agreement-signed',
        { signedDate: '2026-05-20', signedBy: 'KD' },
        contact,
      ),
    ).toEqual({ ok: false, reason: 'before', field: 'signedDate', value: '2026-05-20', other: 'decisionDate', otherDate: '2026-05-21' });
    expect(
      checkStep(
        p({ state: 'decision-pending', meetingDate: '2026-04-23' }),
        'decided',
        { decisionDate: '2026-04-22', caseNumber: '1', outcome: 'join' },
        contact,
      ),
    ).toMatchObject({ ok: false, reason: 'before', field: 'decisionDate', other: 'meetingDate' });
    expect(checkStep(p({ invitedDate: '2026-03-01' }), 'decision-pending', { meetingDate: '2026-02-27' }, contact)).toMatchObject({
      ok: false,
      reason: 'before',
      other: 'invitedDate',
    });
    // the same day as the step before is possible
    expect(checkDates({ decisionDate: '2026-05-21' }, { signedDate: '2026-05-21' }, ['signedDate'], today)).toBeUndefined();
  });

  it('refuses nonsense dates with the field named', () => {
    expect(checkStep(p({ state: 'decision-pending' }), 'decided', { decisionDate: '2026-02-30', caseNumber: '1', outcome: 'join' }, contact)).toEqual({
      ok: false,
      reason: 'invalid-date',
      field: 'decisionDate',
      value: '2026-02-30',
    });
  });
});

type E = ParticipationEntry & { n: number };
const step = (n: number, from: Participation['state'], to: Participation['state'], facts = {}, by = 'kari'): E => ({
  n,
  at: '',
  by,
  byName: by,
  as: 'contact',
  kind: 'step',
  from,
  to,
  facts,
});

describe('correcting and undoing the last step', () => {
  const history: E[] = [
    { n: 0, at: '', by: 'ingrid', byName: 'Ingrid', as: 'coordinator', from: 'invited', to: 'invited', note: 'invited' },
    step(1, 'invited', 'decision-pending', { meetingDate: '2026-04-23' }),
    step(2, 'decision-pending', 'decided', { decisionDate: '2026-05-21', caseNumber: '26/12', outcome: 'join' }),
  ];
  const now = p({ state: 'decided', meetingDate: '2026-04-23', decisionDate: '2026-05-21', caseNumber: '26/12', outcome: 'join' });

  it('finds the last step standing: an undo takes it off, a correction changes its facts', () => {
    expect(lastStep(history)).toMatchObject({ n: 2, step: 'decided', from: 'decision-pending', by: 'kari' });
    const undone: E = { n: 3, at: '', by: 'kari', byName: 'Kari', as: 'contact', kind: 'undone', step: 2, from: 'decided', to: 'decision-pending' };
    expect(lastStep([...history, undone])).toMatchObject({ n: 1, step: 'decision-pending' });
    const corrected: E = {
      n: 3,
      at: '',
      by: 'kari',
      byName: 'Kari',
      as: 'contact',
      kind: 'corrected',
      step: 2,
      from: 'decided',
      to: 'declined',
      after: { state: 'declined', decisionDate: '2026-05-20', caseNumber: '26/12', outcome: 'decline' },
    };
    expect(lastStep([...history, corrected])).toMatchObject({ n: 2, to: 'declined', facts: { decisionDate: '2026-05-20', outcome: 'decline' } });
    expect(lastStep(history.slice(0, 1))).toBeUndefined();
  });

  it('lets the recorder change it freely and a coordinator only with a note; nobody else', () => {
    const last = lastStep(history)!;
    expect(changeRight(last, { personId: 'kari', coordinatesCluster: false, actingAsCoordinator: false })).toEqual({ ok: true, noteRequired: false });
    expect(changeRight(last, { personId: 'ingrid', coordinatesCluster: true, actingAsCoordinator: true })).toEqual({ ok: true, noteRequired: true });
    expect(changeRight(last, { personId: 'lars', coordinatesCluster: false, actingAsCoordinator: false })).toEqual({ ok: false, reason: 'forbidden' });
    expect(changeRight({ ...last, by: null }, { personId: 'lars', coordinatesCluster: false, actingAsCoordinator: false })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('undoing goes back to the state before, without what the step recorded', () => {
    expect(undoLast(now, lastStep(history)!)).toEqual(p({ state: 'decision-pending', meetingDate: '2026-04-23' }));
  });

  it('a correction is checked like the step itself, against the road before it', () => {
    const last = lastStep(history)!;
    expect(correctLast(now, last, { decisionDate: '2026-05-22', caseNumber: '26/12', outcome: 'join' }, today)).toEqual({
      ok: true,
      next: { ...now, decisionDate: '2026-05-22' },
    });
    expect(correctLast(now, last, { decisionDate: '2026-05-21', caseNumber: '26/12', outcome: 'join' }, today)).toEqual({ ok: false, reason: 'unchanged' });
    expect(correctLast(now, last, { decisionDate: '2027-05-21', caseNumber: '26/12', outcome: 'join' }, today)).toMatchObject({ ok: false, reason: 'future' });
    expect(correctLast(now, last, { decisionDate: '2026-04-01', caseNumber: '26/12', outcome: 'join' }, today)).toMatchObject({
      ok: false,
      reason: 'before',
      other: 'meetingDate',
    });
    expect(correctLast(now, last, { decisionDate: '2026-05-21', caseNumber: '', outcome: 'join' }, today)).toEqual({
      ok: false,
      reason: 'missing',
      missing: ['caseNumber'],
    });
    // a decision to join corrected to one to decline moves the state with it
    expect(correctLast(now, last, { decisionDate: '2026-05-21', caseNumber: '26/12', outcome: 'decline' }, today)).toMatchObject({
      ok: true,
      next: { state: 'declined', outcome: 'decline' },
    });
    const active = lastStep([
      ...history,
      step(3, 'decided', 'agreement-signed', { signedDate: '2026-06-01', signedBy: 'KD' }),
      step(4, 'agreement-signed', 'active'),
    ])!;
    expect(correctLast({ ...now, state: 'active' }, active, {}, today)).toEqual({ ok: false, reason: 'nothing-to-correct' });
  });
});
