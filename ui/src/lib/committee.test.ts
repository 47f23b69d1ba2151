import { describe, expect, it } from 'vitest';
import type { DraftView, ItemView, Problem } from './bindings';
import {
  canRecordUndecided,
  formatDate,
  frozen,
  linesOf,
  problemOf,
  problemsFor,
  refusalText,
  stateKey,
  today,
  undecided,
} from './committee';

const c3: Problem = {
  rule: 'C-3',
  field: 'override.justification',
  message: 'C-3: item 1 field override.justification is empty; write the qualitative grounds',
};

// A stand-in for svelte-i18n: answers known keys, echoes unknown ones as svelte-i18n does.
const t = (key: string, o?: { values?: Record<string, string | number> }) =>
  key === 'committee.refusals.override_justification' ? `justificación vacía (${o?.values?.rule})` : key;

describe('committee refusals next to their field', () => {
  it('c3_a_justification_refusal_belongs_to_the_justification_field_only', () => {
    expect(problemsFor([c3], 'override.justification')).toEqual([c3]);
    expect(problemsFor([c3], 'override')).toEqual([c3]);
    expect(problemsFor([c3], 'override.factors')).toEqual([]);
    expect(problemsFor([c3], 'votes')).toEqual([]);
  });

  it('shows the rule id first, in Spanish from the catalogue and in English from the core', () => {
    expect(refusalText(c3, 'es', t)).toBe('C-3: justificación vacía (C-3)');
    expect(refusalText(c3, 'en', t)).toBe(c3.message);
    const unknown = { ...c3, field: 'something_new' };
    expect(refusalText(unknown, 'es', t)).toBe(c3.message);
  });

  it('reads the field and rule of a refused command', () => {
    const report = {
      code: 'committee.refused',
      field: 'votes',
      value: 'C-2',
      accepted: null,
      path: null,
      message: 'C-2: item 1: votes are sealed',
      problems: [],
    };
    expect(problemOf(report)).toEqual({ rule: 'C-2', field: 'votes', message: report.message });
    expect(problemOf('boom')).toEqual({ rule: '', field: 'session', message: 'boom' });
  });
});

describe('committee form helpers', () => {
  it('keeps the non-empty lines of a text area', () => {
    expect(linesOf(' a \n\n b\n')).toEqual(['a', 'b']);
  });
  it('writes dates the Ecuadorian way in Spanish', () => {
    expect(formatDate('2026-10-29', 'es')).toBe('29/10/2026');
    expect(formatDate('2026-10-29', 'en')).toBe('2026-10-29');
  });
  it('gives today as an ISO date', () => {
    expect(today(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});

describe('recording a session with undecided items', () => {
  const item = (id: string, decided: boolean): ItemView =>
    ({ id, outcome: decided ? { rating: 'xxBB', override_notches: null, dissents: [] } : null }) as unknown as ItemView;
  const view = (items: ItemView[], problems: Problem[] = [], closed = false): DraftView =>
    ({ closed, items, problems }) as unknown as DraftView;
  const attendance: Problem = { rule: 'C-2', field: 'attendance', message: 'C-2: no quorum' };
  const secretary: Problem = { rule: 'C-2', field: 'secretary', message: 'C-2: session field secretary' };

  it('counts the items that would be recorded without a decision', () => {
    expect(undecided(view([item('1', true), item('2', false)])).map((i) => i.id)).toEqual(['2']);
  });
  it('is offered when only attendance stops decisions, not when the session itself is refused', () => {
    expect(canRecordUndecided(view([item('1', false)], [attendance]))).toBe(true);
    expect(canRecordUndecided(view([item('1', false)], [attendance, secretary]))).toBe(false);
    expect(canRecordUndecided(view([item('1', true)]))).toBe(false);
    expect(canRecordUndecided(view([]))).toBe(false);
    expect(canRecordUndecided(view([item('1', false)], [], true))).toBe(false);
    const abandoned = { ...view([item('1', false)], [attendance]), abandonment: { reason: 'wrong date', by: 'ana', at: '2026-10-01T10:00:00.000000Z' } };
    expect(canRecordUndecided(abandoned)).toBe(false);
  });
});

describe('an abandoned session', () => {
  const abandonment = { reason: 'wrong agenda', by: 'ana', at: '2026-10-01T10:00:00.000000Z' };
  it('is frozen like a recorded one', () => {
    expect(frozen({ closed: false, abandonment: null })).toBe(false);
    expect(frozen({ closed: true, abandonment: null })).toBe(true);
    expect(frozen({ closed: false, abandonment })).toBe(true);
  });
  it('is listed as abandoned, not in preparation', () => {
    expect(stateKey({ closed: false, abandoned: false })).toBe('committee.preparing');
    expect(stateKey({ closed: true, abandoned: false })).toBe('committee.closed');
    expect(stateKey({ closed: false, abandoned: true })).toBe('committee.abandoned');
  });
  it('words an empty reason from the catalogue in Spanish, next to the reason field', () => {
    const p: Problem = {
      rule: 'C-5',
      field: 'abandon.reason',
      message: 'C-5 field abandon.reason is empty: session 180/2026 is abandoned only with the reason why',
    };
    const es = (key: string) => (key === 'committee.refusals.abandon_reason' ? 'indique el motivo' : key);
    expect(problemsFor([p], 'abandon.reason')).toEqual([p]);
    expect(refusalText(p, 'es', es)).toBe('C-5: indique el motivo');
    expect(refusalText(p, 'en', es)).toBe(p.message);
  });
});
