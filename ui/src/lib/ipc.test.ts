import { describe, expect, it } from 'vitest';
import { errorText, reportText, toReport } from './ipc';

describe('errorText', () => {
  it('shows a back-end string error as sent', () => {
    expect(errorText('Command global_scale not allowed by ACL')).toBe('Command global_scale not allowed by ACL');
  });
  it('reads the message of structured errors', () => {
    expect(errorText({ message: 'field global: unknown symbol', rule: 'N-3' })).toBe('field global: unknown symbol');
    expect(errorText(new Error('boom'))).toBe('boom');
  });
  it('never returns an empty text for odd values', () => {
    expect(errorText(undefined)).toBe('undefined');
    expect(errorText(42)).toBe('42');
  });
});

describe('reportText', () => {
  const catalogue: Record<string, string> = { 'errors.open_missing': 'No existe el libro {path}' };
  const t = (key: string, o?: { values?: Record<string, string | number> }) =>
    key in catalogue ? catalogue[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(o?.values?.[k] ?? '')) : key;
  const report = { code: 'open.missing', field: null, value: null, accepted: null, path: '/x.ratebook', rule: null, message: 'missing', problems: [] };
  it('translates a known code with its values', () => {
    expect(reportText(report, t)).toBe('No existe el libro /x.ratebook');
  });
  it('quotes the English message as technical detail where the catalogue says so', () => {
    const es: Record<string, string> = { 'errors.store_other': 'No se escribió nada. Detalle técnico (en inglés): {message}' };
    const tr = (key: string, o?: { values?: Record<string, string | number> }) =>
      key in es ? es[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(o?.values?.[k] ?? '')) : key;
    expect(reportText({ ...report, code: 'store.other', message: 'disk I/O error' }, tr)).toBe(
      'No se escribió nada. Detalle técnico (en inglés): disk I/O error',
    );
  });
  it('falls back to the English message for an unknown code', () => {
    expect(reportText({ ...report, code: 'brand.new' }, t)).toBe('missing');
  });
  it('reads a structured report from a rejected command', () => {
    expect(toReport(report).code).toBe('open.missing');
    expect(toReport('plain').message).toBe('plain');
  });
});
