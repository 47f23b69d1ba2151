// What the committee section shows of the back end's answers: which refusal goes next to
// which field, in the person's language, and the small conversions its forms need. No
// committee rule lives here: quorum, sealing and every refusal come from the core.
import { invoke } from '@tauri-apps/api/core';
import type {
  DraftSummary,
  DraftView,
  DueList,
  ErrorReport,
  ItemInput,
  ItemView,
  OverrideRequest,
  Problem,
  RatingHistory,
  SessionKind,
  SetupInput,
  Subject,
  Vote,
} from './bindings';
import { errorText } from './ipc';

/** Typed wrappers over the committee commands (src-tauri/src/commands/committee.rs). */
export const committeeApi = {
  drafts: (): Promise<DraftSummary[]> => invoke('committee_drafts'),
  draft: (id: number): Promise<DraftView> => invoke('committee_draft', { id }),
  create: (number: string, kind: SessionKind, date: string): Promise<DraftView> =>
    invoke('committee_draft_create', { number, kind, date }),
  setup: (id: number, setup: SetupInput): Promise<DraftView> => invoke('committee_draft_setup', { id, setup }),
  addItem: (id: number, item: ItemInput): Promise<DraftView> => invoke('committee_draft_add_item', { id, item }),
  removeItem: (id: number, item: string): Promise<DraftView> => invoke('committee_draft_remove_item', { id, item }),
  vote: (id: number, item: string, vote: Vote): Promise<DraftView> => invoke('committee_draft_vote', { id, item, vote }),
  reveal: (id: number, item: string): Promise<DraftView> => invoke('committee_draft_reveal', { id, item }),
  override: (id: number, item: string, request: OverrideRequest | null): Promise<DraftView> =>
    invoke('committee_draft_override', { id, item, request }),
  /** Closes and records the session; with `undecided`, items not decided are recorded so. */
  close: (id: number, undecided = false): Promise<Subject[]> => invoke('committee_draft_close', { id, undecided }),
  /** Abandons a session being prepared, with the reason why; the draft is kept, frozen. */
  abandon: (id: number, reason: string): Promise<DraftView> => invoke('committee_draft_abandon', { id, reason }),
  history: (entity: string): Promise<RatingHistory> => invoke('committee_history', { entity }),
  due: (asOf: string): Promise<DueList> => invoke('committee_due', { asOf }),
};

/** The problems that belong next to `field`: the field itself or one of its sub-fields
 * (`subject` takes `subject.id`). */
export function problemsFor(problems: Problem[], field: string): Problem[] {
  return problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));
}

/** A refused command's report as a problem (the back end sends the field and the rule id). */
export function problemOf(err: unknown): Problem {
  const r = err && typeof err === 'object' && 'code' in err ? (err as ErrorReport) : null;
  if (r && r.code === 'committee.refused') {
    return { rule: r.value ?? '', field: r.field ?? 'session', message: r.message };
  }
  return { rule: '', field: r?.field ?? 'session', message: r ? r.message : errorText(err) };
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/** The refusal in the person's language, rule id first: the catalogue's text for the field
 * (`committee.refusals.<field>`), or the core's English message when the field has none or
 * the language is English (the core's message is the most precise). */
export function refusalText(p: Problem, locale: string | null | undefined, t: Translate): string {
  if (locale === 'en' || p.rule === '') return p.message;
  const key = `committee.refusals.${p.field.replace(/\./g, '_')}`;
  const text = t(key, { values: { rule: p.rule } });
  return text === key ? p.message : `${p.rule}: ${text}`;
}

/** Whether a draft can no longer change: its session was recorded, or it was abandoned. */
export function frozen(view: Pick<DraftView, 'closed' | 'abandonment'>): boolean {
  return view.closed || !!view.abandonment;
}

/** The catalogue key of a draft's state, as the list and the title show it. */
export function stateKey(d: Pick<DraftSummary, 'closed' | 'abandoned'>): string {
  if (d.closed) return 'committee.closed';
  return d.abandoned ? 'committee.abandoned' : 'committee.preparing';
}

/** The items closing the session now would record without a decision. */
export function undecided(view: DraftView): ItemView[] {
  return view.items.filter((i) => i.outcome === null);
}

/**
 * Whether the session can be recorded with its undecided items: it has an agenda, some item
 * is not decided, and nothing stops the session as a whole (attendance stops decisions, not
 * the session, as in `ratebook committee run`).
 */
export function canRecordUndecided(view: DraftView): boolean {
  return (
    !frozen(view) &&
    view.items.length > 0 &&
    undecided(view).length > 0 &&
    view.problems.every((p) => p.field === 'attendance')
  );
}

/** Non-empty trimmed lines of a text area. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A `YYYY-MM-DD` date as the person reads it: `29/10/2026` in Spanish, ISO in English. */
export function formatDate(iso: string, locale: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || locale !== 'es') return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Today's date as `YYYY-MM-DD` in local time (a form's default, never a rule's input). */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A member's name from the view's register, or the code. */
export function memberName(view: DraftView, code: string): string {
  return view.members.find((m) => m.code === code)?.name ?? code;
}

/** The voting members present who have not voted on an item yet. */
export function stillToVote(item: ItemView): string[] {
  return item.voters.filter((v) => !item.voted.includes(v));
}
