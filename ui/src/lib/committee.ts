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
import { errorText, reportText } from './ipc';
import { renderTraceMessage } from './trace';

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

/** A problem as the section shows it: a rule's refusal, or a failed command's report. */
export type ShownProblem = Problem & { report?: ErrorReport };

/** A refused command's report as a problem (the back end sends the field, the rule id and
 * the refusal's catalogue message); any other failure keeps its report for its wording. */
export function problemOf(err: unknown): ShownProblem {
  const r = err && typeof err === 'object' && 'code' in err ? (err as ErrorReport) : null;
  if (r && r.code === 'committee.refused') {
    return { rule: r.value ?? '', field: r.field ?? 'session', message: r.message, reason: r.reason };
  }
  if (r) return { rule: '', field: r.field ?? 'session', message: r.message, report: r };
  return { rule: '', field: 'session', message: errorText(err) };
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/** The problem in the person's language: a refusal's catalogue message (the core's own
 * wording, rule id first, the same the traces and the actas use), a report's text from the
 * shared catalogue, else the recorded English message. */
export function refusalText(p: ShownProblem, locale: string | null | undefined, t: Translate): string {
  const worded = p.reason ? renderTraceMessage(p.reason, locale) : null;
  if (worded !== null) return worded;
  return p.report ? reportText(p.report, t) : p.message;
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

/** A member's name from the view's register, or the code. */
export function memberName(view: DraftView, code: string): string {
  return view.members.find((m) => m.code === code)?.name ?? code;
}

/** The voting members present who have not voted on an item yet. */
export function stillToVote(item: ItemView): string[] {
  return item.voters.filter((v) => !item.voted.includes(v));
}
