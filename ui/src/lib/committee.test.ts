import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftView, ErrorReport, ItemView, Problem } from './bindings';
import {
  canRecordUndecided,
  frozen,
  linesOf,
  problemOf,
  problemsFor,
  refusalText,
  stateKey,
  undecided,
} from './committee';
import { ensureLocale } from './i18n';

// The core's refusal as the back end sends it: its English message and its catalogue
// message (`refusal.*` of trace.json), rule id first.
const c3: Problem = {
  rule: 'C-3',
  field: 'override.justification',
  message:
    'C-3: item 1 field override.justification is empty; write the qualitative grounds for the override (seed 003 §2.10)',
  reason: {
    key: 'refusal.ruled',
    args: { rule: 'C-3', reason: [{ key: 'refusal.justification_missing', args: { item: '1' } }] },
  },
};

// A stand-in for svelte-i18n for the shared catalogue's texts: echoes unknown keys.
const t = (key: string, o?: { values?: Record<string, string | number> }) =>
  key === 'errors.store_busy' ? `El libro ${o?.values?.path} está ocupado` : key;

beforeAll(async () => {
  await ensureLocale('en');
});

describe('committee refusals next to their field', () => {
  it('c3_a_justification_refusal_belongs_to_the_justification_field_only', () => {
    expect(problemsFor([c3], 'override.justification')).toEqual([c3]);
    expect(problemsFor([c3], 'override')).toEqual([c3]);
    expect(problemsFor([c3], 'override.factors')).toEqual([]);
    expect(problemsFor([c3], 'votes')).toEqual([]);
  });

  it('spec_7_a_refusal_reads_in_the_person_language_from_the_core_catalogue_message', () => {
    expect(refusalText(c3, 'es', t)).toBe(
      'C-3: punto 1: la justificación del override (override.justification) está vacía; ' +
        'escriba los fundamentos cualitativos del override (metodología 003 §2.10)',
    );
    // English is the catalogue's English, the same text the CLI prints.
    expect(refusalText(c3, 'en', t)).toBe(c3.message);
    // A refusal without its catalogue message shows the core's English message.
    expect(refusalText({ ...c3, reason: undefined }, 'es', t)).toBe(c3.message);
  });

  it('reads the field, rule and wording of a refused command', () => {
    const report: ErrorReport = {
      code: 'committee.refused',
      field: 'votes',
      value: 'C-2',
      accepted: null,
      path: null,
      rule: null,
      message: 'C-2: item 1: votes are sealed',
      reason: c3.reason,
      problems: [],
    };
    expect(problemOf(report)).toEqual({ rule: 'C-2', field: 'votes', message: report.message, reason: c3.reason });
    expect(problemOf('boom')).toEqual({ rule: '', field: 'session', message: 'boom' });
  });

  it('words a failed command that is not a refusal from the shared catalogue', () => {
    const busy: ErrorReport = {
      code: 'store.busy',
      field: null,
      value: null,
      accepted: null,
      path: 'demo.ratebook',
      rule: null,
      message: 'workbook demo.ratebook is busy',
      problems: [],
    };
    const p = problemOf(busy);
    expect(p.rule).toBe('');
    expect(refusalText(p, 'es', t)).toBe('El libro demo.ratebook está ocupado');
  });
});

describe('committee form helpers', () => {
  it('keeps the non-empty lines of a text area', () => {
    expect(linesOf(' a \n\n b\n')).toEqual(['a', 'b']);
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
  it('words an empty reason in Spanish, next to the reason field', () => {
    const p: Problem = {
      rule: 'C-5',
      field: 'abandon.reason',
      message: 'C-5: field abandon.reason is empty: session 180/2026 is abandoned only with the reason why',
      reason: {
        key: 'refusal.ruled',
        args: { rule: 'C-5', reason: [{ key: 'refusal.workbench.abandon_reason', args: { session: '180/2026' } }] },
      },
    };
    expect(problemsFor([p], 'abandon.reason')).toEqual([p]);
    expect(refusalText(p, 'es', t)).toMatch(/^C-5: indique por qué se abandona la sesión 180\/2026/);
    expect(refusalText(p, 'en', t)).toMatch(/^C-5: field abandon\.reason is empty: session 180\/2026/);
  });
});
