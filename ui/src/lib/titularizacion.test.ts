import { describe, expect, it } from 'vitest';
import type { ErrorReport } from './bindings';
import {
  barChart,
  blankForm,
  coverageValues,
  formatNumber,
  FormError,
  fromAnalisis,
  indexVariants,
  refusalText,
  toAnalisis,
} from './titularizacion';

describe('formats', () => {
  it('writes Ecuadorian numbers in Spanish', () => {
    expect(formatNumber('1234567.891', 'es')).toBe('1.234.567,89');
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(null, 'es')).toBe('—');
  });
});

describe('barChart', () => {
  it('scales bars to the largest value or the reference line', () => {
    const c = barChart([1, 2, Number.NaN], 300, 100, 1);
    expect(c.max).toBe(2);
    expect(c.bars[1].height).toBe(100);
    expect(c.bars[0].height).toBe(50);
    expect(c.bars[2].height).toBe(0);
    expect(c.referenceY).toBe(50);
    expect(barChart([0.5], 100, 100, 1).referenceY).toBe(0);
  });
  it('reads the engine coverage texts, an empty one as no value', () => {
    expect(coverageValues(['1.25', ''])).toEqual([1.25, Number.NaN]);
  });
});

describe('toAnalisis', () => {
  it('turns the typed form into the back end value with one scenario per typed shock', () => {
    const f = blankForm('siniestralidad', '2026-10-15');
    expect(indexVariants('siniestralidad')).toContain(f.indexVariant);
    f.shocks.volume = '0,3';
    f.paths = '5000';
    const a = toAnalisis(f, (v, s) => `${v} ${s}`);
    expect(a.stress.scenarios).toEqual([{ name: 'volume 0.3', shocks: { volume: '0.3' } }]);
    expect(a.montecarlo).toEqual({ paths: 5000, seed: 1, persistence: '0' });
    expect(a.information_validity.no_false_antecedents).toBe(false);
  });
  it('gives back the analysis a form filled from it stands for', () => {
    const f = blankForm('siniestralidad', '2026-10-15');
    f.noFalseAntecedents = true;
    f.indexVariant = 'simple_average';
    f.priority = 'interest_first';
    f.recoveryRate = '0.4';
    f.recoveryLag = '2';
    f.shocks.default_rate = '1.5';
    f.shocks.price = '-0.1';
    f.equilibriumVariable = 'default_rate';
    f.paths = '2000';
    f.seed = '7';
    const name = (v: string, s: string) => `${v} ${s}`;
    const a = toAnalisis(f, name);
    const back = fromAnalisis(a);
    expect(back).toEqual(f);
    expect(toAnalisis(back, name)).toEqual(a);
  });
  it('names the field that is not a number', () => {
    const f = blankForm('desviacion', '2026-10-15');
    f.paths = 'many';
    expect(() => toAnalisis(f, () => '')).toThrow(FormError);
    try {
      toAnalisis(f, () => '');
    } catch (e) {
      expect((e as FormError).field).toBe('paths');
    }
  });
});

describe('refusalText', () => {
  const t = (key: string, o?: { values?: Record<string, string | number> }) => `${key}|${JSON.stringify(o?.values ?? {})}`;
  const report = (code: string, field: string, value: string): ErrorReport => ({
    code: code.startsWith('rule.') ? 'titularizacion.rule' : code,
    field,
    value,
    accepted: 'a score from 0 to 100',
    path: null,
    rule: code.startsWith('rule.') ? code.slice('rule.'.length) : null,
    message: 'T-2 english',
    problems: [],
  });
  it('words a factor score out of range with its rule and the scale', () => {
    expect(refusalText(report('rule.T-2', 'factor 2.4 score', '120'), t, '100')).toBe(
      'titularizacion.errors.score_range|{"rule":"T-2","factor":"2.4","value":"120","max":"100"}',
    );
  });
  it('falls back to the generic rule text, and to the shared catalogue for other errors', () => {
    expect(refusalText(report('rule.T-8', 'index_variant', 'x'), t)).toContain('titularizacion.errors.rule|{"rule":"T-8"');
    const other = refusalText(report('store.other', 'f', 'v'), t);
    expect(other).toMatch(/^errors\.store_other\|/);
    expect(other).toContain('"message":"T-2 english"');
  });
});
