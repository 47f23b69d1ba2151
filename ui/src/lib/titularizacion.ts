// Display logic of the titularización screens: number formats, chart geometry from numbers
// the engine computed, the analysis form turned into the `Analisis` value the back end
// validates, and refusals worded per rule. The list is searched, filtered and sorted by the
// store (keyset pages, crates/store/src/titularizacion_list.rs). No rating rule lives here:
// every score, category, coverage and probability comes from the back end.
import type { Analisis, BaseIndice, ErrorReport, IndexKind, PrioridadPagos, VariableClave } from './bindings';
import { reportText } from './ipc';

/** A number in the person's language: Ecuadorian `1.234.567,89` in Spanish. */
export function formatNumber(value: string | number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale === 'es' ? 'es-EC' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** A share (0…1) as a percentage in the person's language. */
export function formatPercent(value: number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${formatNumber(value * 100, locale, digits)} %`;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface BarChart {
  bars: Bar[];
  /** The top of the value axis. */
  max: number;
  /** Height (px from the top) of a reference value, when one is given. */
  referenceY: number | null;
}

/**
 * Bars for `values` in a `width` × `height` box with a gap between bars; the axis runs
 * from 0 to the largest value (or the reference, if larger). Non-numbers are drawn as 0.
 */
export function barChart(values: number[], width: number, height: number, reference: number | null = null): BarChart {
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(reference ?? 0, ...clean, 0) || 1;
  const slot = clean.length > 0 ? width / clean.length : 0;
  const gap = Math.min(4, slot * 0.2);
  const bars = clean.map((v, i) => {
    const h = (v / max) * height;
    return { x: i * slot + gap / 2, y: height - h, width: Math.max(0, slot - gap), height: h, value: v };
  });
  const referenceY = reference === null ? null : height - (reference / max) * height;
  return { bars, max, referenceY };
}

/** The engine's per-period coverage texts as numbers (an empty text — nothing due — is NaN). */
export function coverageValues(byPeriod: string[]): number[] {
  return byPeriod.map((c) => (c.trim() === '' ? Number.NaN : Number(c)));
}

/** The inputs of the analysis form, as typed. */
export interface AnalysisForm {
  committeeDate: string;
  noFalseAntecedents: boolean;
  noUnreflectedChange: boolean;
  indexVariant: string;
  indexBase: BaseIndice;
  priority: PrioridadPagos;
  recoveryRate: string;
  recoveryLag: string;
  interestShare: string;
  equilibriumVariable: VariableClave;
  /** One optional single-variable scenario per key variable, as typed ('' = none). */
  shocks: Record<VariableClave, string>;
  paths: string;
  seed: string;
  persistence: string;
}

export const KEY_VARIABLES: VariableClave[] = ['price', 'volume', 'default_rate', 'prepayment', 'collection_delay'];

/** The formula variants the engine knows for an index kind. */
export function indexVariants(kind: IndexKind): string[] {
  return kind === 'siniestralidad'
    ? ['weighted_average', 'simple_average']
    : ['mean_negative_deviation', 'coefficient_of_variation'];
}

/** A blank form for a deal: every choice the analyst still has to make is visible in it. */
export function blankForm(kind: IndexKind, today: string): AnalysisForm {
  return {
    committeeDate: today,
    noFalseAntecedents: false,
    noUnreflectedChange: false,
    indexVariant: indexVariants(kind)[0],
    indexBase: 'capital',
    priority: 'class_by_class',
    recoveryRate: '0',
    recoveryLag: '0',
    interestShare: '0',
    equilibriumVariable: 'volume',
    shocks: { price: '', volume: '', default_rate: '', prepayment: '', collection_delay: '' },
    paths: '10000',
    seed: '1',
    persistence: '0',
  };
}

/**
 * The form filled from an analysis the back end holds (the one recorded for committee
 * agendas), so the analyst starts from what the committee will rate. Each stress scenario
 * that shocks one key variable fills that variable's field; `toAnalisis` of the result gives
 * the same analysis back, scenario names aside.
 */
export function fromAnalisis(a: Analisis): AnalysisForm {
  const shocks: Record<VariableClave, string> = { price: '', volume: '', default_rate: '', prepayment: '', collection_delay: '' };
  for (const scenario of a.stress.scenarios) {
    for (const v of KEY_VARIABLES) {
      const shock = (scenario.shocks as Partial<Record<VariableClave, string | null>>)[v];
      if (shock !== undefined && shock !== null && shocks[v] === '') shocks[v] = String(shock);
    }
  }
  return {
    committeeDate: a.committee_date,
    noFalseAntecedents: a.information_validity.no_false_antecedents,
    noUnreflectedChange: a.information_validity.no_unreflected_significant_change,
    indexVariant: a.index_variant,
    indexBase: a.index_base,
    priority: a.priority_of_payments,
    recoveryRate: String(a.recovery_rate),
    recoveryLag: String(a.recovery_lag),
    interestShare: String(a.interest_share),
    equilibriumVariable: a.stress.equilibrium_variable,
    shocks,
    paths: String(a.montecarlo.paths),
    seed: String(a.montecarlo.seed),
    persistence: String(a.montecarlo.persistence),
  };
}

/** Which form field a typed value failed to read as, so the window can say it there. */
export class FormError extends Error {
  constructor(
    public field: string,
    public value: string,
  ) {
    super(`${field}: ${value}`);
  }
}

const decimalText = (field: string, v: string): string => {
  const t = v.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new FormError(field, v);
  return t;
};

const integer = (field: string, v: string): number => {
  const t = v.trim();
  if (!/^\d+$/.test(t)) throw new FormError(field, v);
  return Number(t);
};

/** The form as the back end's `Analisis`; a field that is not a number throws `FormError`. */
export function toAnalisis(f: AnalysisForm, scenarioName: (v: VariableClave, shock: string) => string): Analisis {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.committeeDate)) throw new FormError('committeeDate', f.committeeDate);
  const scenarios = KEY_VARIABLES.filter((v) => f.shocks[v].trim() !== '').map((v) => {
    const shock = decimalText(`shock_${v}`, f.shocks[v]);
    return { name: scenarioName(v, shock), shocks: { [v]: shock } };
  });
  return {
    committee_date: f.committeeDate,
    information_validity: {
      no_false_antecedents: f.noFalseAntecedents,
      no_unreflected_significant_change: f.noUnreflectedChange,
      notes: '',
    },
    index_variant: f.indexVariant,
    index_base: f.indexBase,
    priority_of_payments: f.priority,
    recovery_rate: decimalText('recoveryRate', f.recoveryRate),
    recovery_lag: integer('recoveryLag', f.recoveryLag),
    interest_share: decimalText('interestShare', f.interestShare),
    stress: { equilibrium_variable: f.equilibriumVariable, scenarios },
    montecarlo: {
      paths: integer('paths', f.paths),
      seed: integer('seed', f.seed),
      persistence: decimalText('persistence', f.persistence),
    },
  };
}

/** The rule id of a refusal (`T-2`), if a rule refused. */
export function ruleOf(report: ErrorReport): string | null {
  return report.rule;
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/**
 * A refusal in the person's language, starting with its rule id: the score-range text for a
 * factor score, the generic rule text otherwise; the shared catalogue's text for other errors.
 */
export function refusalText(report: ErrorReport, t: Translate, scoreMax: string | null = null): string {
  const rule = ruleOf(report);
  if (rule === null) return reportText(report, t);
  const field = report.field ?? '';
  const value = report.value ?? '';
  const score = /^factor (\d\.\d) score$/.exec(field);
  if (score && scoreMax !== null) {
    return t('titularizacion.errors.score_range', { values: { rule, factor: score[1], value, max: scoreMax } });
  }
  const evidence = /^factor (\d\.\d) evidence$/.exec(field);
  if (evidence) return t('titularizacion.errors.evidence', { values: { rule, factor: evidence[1] } });
  return t('titularizacion.errors.rule', { values: { rule, field, value, accepted: report.accepted ?? '' } });
}
