// The Methodology section's link to the back end and the little it does on its own:
// wait for typing to pause before asking the engine, place each finding next to its field,
// and format numbers and dates for the person's language. Every rule is checked by the
// core through a Tauri command; nothing here decides whether a methodology is valid.
import { Channel, invoke } from '@tauri-apps/api/core';
import { reportText } from './ipc';
import type {
  ApprovalReport,
  ErrorReport,
  CandidateCheck,
  Editable,
  Filed,
  Finding,
  ImpactProgress,
  ImpactView,
  MethodologyListing,
  SpecDraft,
  WeightsDraft,
} from './bindings';

export const methodologyApi = {
  list: (): Promise<MethodologyListing[]> => invoke('methodology_list'),
  open: (id: string, version: string): Promise<Editable> => invoke('methodology_open', { id, version }),
  checkSpec: (draft: SpecDraft): Promise<CandidateCheck> => invoke('methodology_check_spec', { draft }),
  checkWeights: (draft: WeightsDraft): Promise<CandidateCheck> => invoke('methodology_check_weights', { draft }),
  saveSpec: (draft: SpecDraft): Promise<Filed> => invoke('methodology_save_spec', { draft }),
  saveWeights: (draft: WeightsDraft): Promise<Filed> => invoke('methodology_save_weights', { draft }),
  impact: (id: string, version: string, on: string, progress: (p: ImpactProgress) => void): Promise<ImpactView> => {
    const onProgress = new Channel<ImpactProgress>();
    onProgress.onmessage = progress;
    return invoke('methodology_impact', { id, version, on, onProgress });
  },
  approve: (id: string, version: string, on: string, approver: string): Promise<ApprovalReport> =>
    invoke('methodology_approve', { id, version, on, approver }),
};

/**
 * Calls `run` once typing has paused for `wait` ms; a later call replaces an earlier one
 * still waiting. `cancel` drops the pending call.
 */
export function debounce<A extends unknown[]>(run: (...args: A) => void, wait: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run(...args);
    }, wait);
  };
  call.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return call;
}

/**
 * The findings about `field`: those that name it, or a part of it (`rows[2].national[1]`
 * belongs to `rows[2]`).
 */
export function findingsAt(findings: Finding[], field: string): Finding[] {
  return findings.filter((f) => f.field === field || (f.field?.startsWith(`${field}.`) ?? false));
}

/** The findings no field of the form shows (about the document as a whole). */
export function unplaced(findings: Finding[], fields: string[]): Finding[] {
  return findings.filter((f) => !f.field || !fields.some((x) => f.field === x || f.field!.startsWith(`${x}.`)));
}

/** Drops a check's answer that arrives after a newer one was asked for. */
export class Latest {
  private asked = 0;
  next(): number {
    return ++this.asked;
  }
  isCurrent(ticket: number): boolean {
    return ticket === this.asked;
  }
}

/** Share of a progress bar, 0…1 (an empty run is complete). */
export function progressShare(p: ImpactProgress | null): number {
  if (!p) return 0;
  return p.total === 0 ? 1 : Math.min(1, p.done / p.total);
}

const groupThousands = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** A number with `decimals` places: Ecuadorian `1.234,56` in Spanish, `1,234.56` in English. */
export function formatNumber(value: number, decimals: number, locale: string): string {
  const [whole, frac] = Math.abs(value).toFixed(decimals).split('.');
  const [group, point] = locale === 'es' ? ['.', ','] : [',', '.'];
  const sign = value < 0 && Number(Math.abs(value).toFixed(decimals)) !== 0 ? '-' : '';
  return `${sign}${groupThousands(whole, group)}${frac ? point + frac : ''}`;
}

/** A share 0…1 as a percentage with two decimals: `25,00 %` / `25.00%`. */
export function formatShare(share: number, locale: string): string {
  return locale === 'es' ? `${formatNumber(share * 100, 2, locale)} %` : `${formatNumber(share * 100, 2, locale)}%`;
}

/** A notch difference with its sign: `+2`, `-1`. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/**
 * A failed Methodology command in the person's language: the section's own texts for its
 * codes (`methodology.refused`…), the shared catalogue's for the store's; the English
 * message when neither knows the code.
 */
export function methodologyReportText(report: ErrorReport, t: Translate): string {
  if (report.code.startsWith('methodology.')) {
    const key = `methodology.errors.${report.code.slice('methodology.'.length)}`;
    const text = t(key, {
      values: { field: report.field ?? '', value: report.value ?? '', accepted: report.accepted ?? '', message: report.message },
    });
    return text === key ? report.message : text;
  }
  return reportText(report, t);
}
