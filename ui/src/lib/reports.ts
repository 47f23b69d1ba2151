// The Reports screen's commands and the little logic of its own it needs: which control a
// back-end error belongs next to, suggested file names, how a signing time reads in each
// language and how a verifier's finding is worded. Signing and verifying happen in Rust
// (ratebook-workbench::signing).
import { invoke } from '@tauri-apps/api/core';
import { writable } from 'svelte/store';
import type {
  DemoKeys,
  DocumentChoices,
  DocumentRequest,
  DocumentStatus,
  ErrorReport,
  Generated,
  KeySource,
  SignatureFinding,
  Signed,
  Verification,
} from './bindings';
import { reportText } from './ipc';

export type Lang = 'es' | 'en';

export const reportsApi = {
  choices: (): Promise<DocumentChoices> => invoke<DocumentChoices>('report_choices'),
  generate: (request: DocumentRequest, lang: Lang, rater: string, city: string, path: string): Promise<Generated> =>
    invoke<Generated>('report_generate', { request, lang, rater, city, path }),
  status: (path: string): Promise<DocumentStatus> => invoke<DocumentStatus>('report_status', { path }),
  demoKeys: (): Promise<DemoKeys> => invoke<DemoKeys>('report_demo_keys'),
  sign: (path: string, member: string, key: KeySource, passphrase: string): Promise<Signed> =>
    invoke<Signed>('report_sign', { path, member, key, passphrase }),
  verify: (path: string): Promise<Verification> => invoke<Verification>('report_verify', { path }),
  open: (path: string): Promise<void> => invoke<void>('report_open', { path }),
};

/** The document the screen works on: the one just generated, or one chosen to sign. */
export const currentDocument = writable<string>('');

/** The controls of the screen an error can stand next to. */
export type Control = 'document' | 'path' | 'member' | 'p12' | 'passphrase' | 'sign' | 'verify' | 'open';

/**
 * Where a back-end error belongs: next to the field it names (the passphrase, the .p12
 * file, the member), else next to the control of the action that failed.
 */
export function errorPlace(report: ErrorReport, action: Control): Control {
  switch (report.field) {
    case 'passphrase':
      return 'passphrase';
    case 'p12':
      return 'p12';
    case 'member':
      return 'member';
    case 'decision':
    case 'session':
      return 'document';
    case 'path':
      return action === 'sign' || action === 'verify' || action === 'open' ? action : 'path';
    default:
      return action;
  }
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/**
 * A Reports error in the person's language: the screen's own text for its codes
 * (`reports.errors.<code>`), else the shared catalogue's, else the English message.
 */
export function reportsErrorText(report: ErrorReport, t: Translate): string {
  const key = `reports.errors.${report.code.replace(/^reports\./, '').replace(/\./g, '_')}`;
  if (report.code.startsWith('reports.')) {
    const text = t(key, {
      values: {
        field: report.field ?? '',
        value: report.value ?? '',
        accepted: report.accepted ?? '',
        path: report.path ?? '',
      },
    });
    if (text !== key) return text;
  }
  return reportText(report, t);
}

/**
 * What the verifier found (a signature's problem, or why its signer is not trusted) in the
 * person's language: the sentence of its code in `signatures.json` (the file the CLI's
 * English comes from) with its arguments; a library's own error text follows as it is,
 * marked as technical detail.
 */
export function findingText(finding: SignatureFinding, t: Translate): string {
  const sentence = t(`signatures.${finding.code}`, { values: { ...finding.args } });
  if (!finding.detail) return sentence;
  return t('signatures.with_detail', { values: { finding: sentence, detail: finding.detail } });
}

/** A file name to suggest in the save dialog: `informe-decision-12-es.pdf`, `acta-177-2026-en.pdf`. */
export function suggestedName(request: DocumentRequest, lang: Lang): string {
  if (request.kind === 'report') {
    return `${lang === 'es' ? 'informe-decision' : 'report-decision'}-${request.decision}-${lang}.pdf`;
  }
  return `acta-${request.session.replace(/[^0-9A-Za-z]+/g, '-')}-${lang}.pdf`;
}

/**
 * A signing time (RFC 3339, UTC) as the person reads it: `25/11/2026 04:10:00 UTC` in
 * Spanish (Ecuadorian day/month/year), `2026-11-25 04:10:00 UTC` in English; the raw text
 * if it does not parse; a dash when absent.
 */
export function signingTime(iso: string | null, lang: Lang): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, s] = m;
  return lang === 'es' ? `${d}/${mo}/${y} ${h}:${mi}:${s} UTC` : `${y}-${mo}-${d} ${h}:${mi}:${s} UTC`;
}

/** The signature fields still empty, in the document's order. */
export function pendingFields(status: DocumentStatus): string[] {
  return status.fields.filter((f) => !f.signed).map((f) => f.name);
}
