import { describe, expect, it } from 'vitest';
import type { DocumentStatus, ErrorReport } from './bindings';
import { errorPlace, findingText, pendingFields, reportsErrorText, signingTime, suggestedName } from './reports';
import enSignatures from './i18n/en/signatures.json';
import esSignatures from './i18n/es/signatures.json';

const report = (over: Partial<ErrorReport>): ErrorReport => ({
  code: 'reports.passphrase',
  field: null,
  value: null,
  accepted: null,
  path: null,
  rule: null,
  message: 'wrong passphrase for /k.p12',
  problems: [],
  ...over,
});

describe('errorPlace (an error stands next to the field it concerns)', () => {
  it('puts a wrong passphrase next to the passphrase field, whatever the action', () => {
    expect(errorPlace(report({ field: 'passphrase' }), 'sign')).toBe('passphrase');
  });
  it('puts key-file and signer errors next to their controls', () => {
    expect(errorPlace(report({ code: 'reports.p12', field: 'p12' }), 'sign')).toBe('p12');
    expect(errorPlace(report({ code: 'reports.not-next', field: 'member' }), 'sign')).toBe('member');
    expect(errorPlace(report({ code: 'reports.data', field: 'decision' }), 'path')).toBe('document');
  });
  it('falls back to the control of the action that failed', () => {
    expect(errorPlace(report({ code: 'file.exists', field: null }), 'path')).toBe('path');
    expect(errorPlace(report({ code: 'path.empty', field: 'path' }), 'verify')).toBe('verify');
    expect(errorPlace(report({ code: 'reports.sign', field: null }), 'sign')).toBe('sign');
  });
});

describe('reportsErrorText', () => {
  const catalogue: Record<string, string> = {
    'reports.errors.passphrase': 'Contraseña incorrecta: {path}',
    'reports.errors.not-next': '{value} no firma; firma: {accepted}',
    'errors.file_exists': '{path} ya existe',
  };
  const t = (key: string, o?: { values?: Record<string, string | number> }) =>
    key in catalogue ? catalogue[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(o?.values?.[k] ?? '')) : key;
  it('translates the screen’s own codes with their values', () => {
    expect(reportsErrorText(report({ path: '/k.p12' }), t)).toBe('Contraseña incorrecta: /k.p12');
    expect(reportsErrorText(report({ code: 'reports.not-next', value: 'M-CARLA', accepted: 'M-PEDRO' }), t)).toBe(
      'M-CARLA no firma; firma: M-PEDRO',
    );
  });
  it('uses the shared catalogue for shared codes and the English message for new ones', () => {
    expect(reportsErrorText(report({ code: 'file.exists', path: '/a.pdf' }), t)).toBe('/a.pdf ya existe');
    expect(reportsErrorText(report({ code: 'reports.brand-new' }), t)).toBe('wrong passphrase for /k.p12');
  });
});

describe('suggestedName', () => {
  it('names reports by decision and actas by session, with the language', () => {
    expect(suggestedName({ kind: 'report', decision: 12 }, 'es')).toBe('informe-decision-12-es.pdf');
    expect(suggestedName({ kind: 'report', decision: 12 }, 'en')).toBe('report-decision-12-en.pdf');
    expect(suggestedName({ kind: 'acta', session: '177/2026' }, 'es')).toBe('acta-177-2026-es.pdf');
  });
});

describe('signingTime', () => {
  it('reads day/month/year in Spanish (Ecuador) and ISO order in English', () => {
    expect(signingTime('2026-11-25T04:10:05Z', 'es')).toBe('25/11/2026 04:10:05 UTC');
    expect(signingTime('2026-11-25T04:10:05Z', 'en')).toBe('2026-11-25 04:10:05 UTC');
  });
  it('shows a dash when absent and the raw text when it does not parse', () => {
    expect(signingTime(null, 'es')).toBe('—');
    expect(signingTime('yesterday', 'en')).toBe('yesterday');
  });
});

describe('pendingFields', () => {
  it('lists the empty fields in order', () => {
    const status: DocumentStatus = {
      file: '/a.pdf',
      fields: [
        { name: 'certification', signed: true },
        { name: 'm-carla', signed: false },
        { name: 'm-jorge', signed: false },
      ],
      decision: 1,
      session: '177/2026',
      next: [],
      complete: false,
    };
    expect(pendingFields(status)).toEqual(['m-carla', 'm-jorge']);
  });
});

describe('findingText (a verifier finding in the person’s language)', () => {
  // The real `signatures` catalogues, formatted as svelte-i18n formats `{name}` placeholders.
  const translator = (messages: Record<string, string>) => (key: string, o?: { values?: Record<string, string | number> }) => {
    const text = key.startsWith('signatures.') ? messages[key.slice('signatures.'.length)] : undefined;
    return text === undefined ? key : text.replace(/\{(\w+)\}/g, (_m, k: string) => String(o?.values?.[k] ?? `{${k}}`));
  };
  const es = translator(esSignatures);
  const en = translator(enSignatures);

  it('words a code without arguments in each language', () => {
    const f = { code: 'digest_mismatch' } as const;
    expect(findingText(f, es)).toBe('el resumen no coincide: los bytes firmados fueron modificados');
    expect(findingText(f, en)).toBe('digest mismatch: the signed bytes were changed');
  });
  it('fills a code’s arguments: a trust reason names the certificate and the CA', () => {
    const f = { code: 'does_not_chain', args: { certificate: 'Ing. Rosa Sáenz', anchor: 'Ratebook Demo CA' } } as const;
    expect(findingText(f, es)).toBe('el certificado de Ing. Rosa Sáenz no se encadena con Ratebook Demo CA');
    expect(findingText(f, en)).toBe('the certificate of Ing. Rosa Sáenz does not chain to Ratebook Demo CA');
    expect(findingText({ code: 'object_changed', args: { object: '12 0' } }, es)).toBe(
      'una revisión posterior modificó el objeto 12 0 más allá de llenar un campo de firma',
    );
  });
  it('keeps a library’s error text as it is, after the translated sentence', () => {
    const f = { code: 'not_cms', detail: 'ASN.1 DER message is incomplete' } as const;
    expect(findingText(f, es)).toBe(
      'la firma no es CMS (detalle técnico de la biblioteca de firmas, en inglés: ASN.1 DER message is incomplete)',
    );
    // English reads exactly as `ratebook verify` prints the problem.
    expect(findingText(f, en)).toBe('the signature is not CMS (ASN.1 DER message is incomplete)');
  });
});
