// Typed wrappers over the Tauri commands. The types come from Rust (bindings.ts); the UI
// holds no rating logic, it only displays what the commands return.
import { invoke } from '@tauri-apps/api/core';
import type {
  EngineInputs,
  ErrorReport,
  ImportReport,
  IssuerCase,
  IssuerDetail,
  IssuerFilters,
  IssuerListPage,
  IssuerQuery,
  Kind,
  ListCursor,
  PeerComparison,
  ScaleOverview,
} from './bindings';

export const api = {
  globalScale: (): Promise<ScaleOverview> => invoke<ScaleOverview>('global_scale'),
  workbookCurrent: (): Promise<string | null> => invoke<string | null>('workbook_current'),
  workbookRecent: (): Promise<string[]> => invoke<string[]>('workbook_recent'),
  workbookNew: (path: string): Promise<string> => invoke<string>('workbook_new', { path }),
  workbookOpen: (path: string): Promise<string> => invoke<string>('workbook_open', { path }),
  workbookOpenDemo: (): Promise<string> => invoke<string>('workbook_open_demo'),
  issuerFilters: (): Promise<IssuerFilters> => invoke<IssuerFilters>('issuer_filters'),
  issuerCount: (query: IssuerQuery): Promise<number> => invoke<number>('issuer_count', { query }),
  issuerPage: (query: IssuerQuery, after: ListCursor | null, limit: number): Promise<IssuerListPage> =>
    invoke<IssuerListPage>('issuer_page', { query, after, limit }),
  issuerCase: (code: string): Promise<IssuerCase> => invoke<IssuerCase>('issuer_case', { code }),
  issuerDetail: (code: string): Promise<IssuerDetail> => invoke<IssuerDetail>('issuer_detail', { code }),
  issuerSaveInputs: (code: string, inputs: EngineInputs): Promise<IssuerDetail> =>
    invoke<IssuerDetail>('issuer_save_inputs', { code, inputs }),
  issuerPeers: (code: string): Promise<PeerComparison> => invoke<PeerComparison>('issuer_peers', { code }),
  importRows: (kind: Kind, path: string): Promise<ImportReport> => invoke<ImportReport>('import_rows', { kind, path }),
};

/** The text to show for a failed command: the message the back end sent, or the error's own. */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/** A failed command's error as the back end's structured report (or one built from a plain error). */
export function toReport(err: unknown): ErrorReport {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) return err as ErrorReport;
  return { code: 'unknown', field: null, value: null, accepted: null, path: null, rule: null, message: errorText(err), problems: [] };
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/**
 * The report in the person's language: the catalogue's `errors.<code>` text with the
 * field, value, accepted set, file, rule and English message filled in (a failure the
 * catalogue cannot word quotes that message as technical detail); the English message when
 * the code is new.
 */
export function reportText(report: ErrorReport, t: Translate): string {
  const key = `errors.${report.code.replace(/\./g, '_')}`;
  const text = t(key, {
    values: {
      field: report.field ?? '',
      value: report.value ?? '',
      accepted: report.accepted ?? '',
      path: report.path ?? '',
      rule: report.rule ?? '',
      message: report.message,
      count: report.problems.length,
    },
  });
  // svelte-i18n answers a key it does not know with the key itself.
  return text === key ? report.message : text;
}
