// An engine trace step in the person's language (SPEC §7). The core records each step's
// reason (and a phrase subject) as a catalogue message, a key plus named arguments; the
// wording is `i18n/{es,en}/trace.json`, the same files the PDF reports use. A step stored
// before messages existed shows its recorded English text.
import type { TraceArg, TraceMessage, TraceStep } from './bindings';
import { formatDate } from './dates';
import { isLocale, messagesOf, type Locale } from './i18n';

/** The text of `key` in the trace catalogue of `lang`, or null when it has none (or the
 * language is not loaded yet: the caller then shows the recorded English). */
function template(lang: Locale, key: string): string | null {
  const found = key
    .split('.')
    .reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), messagesOf(lang)?.trace);
  return typeof found === 'string' ? found : null;
}

/** A canonical number (`-1234.5`, `+1`, `0.9990`) with its decimals kept: Ecuadorian
 * `1.234,5` in Spanish (as the screens' numbers), as written in English. */
export function traceNumber(value: string, lang: Locale): string {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m || lang === 'en') return value;
  const digits = m[3]?.length ?? 0;
  const text = new Intl.NumberFormat('es-EC', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    Number(`${m[2]}${m[3] ? `.${m[3]}` : ''}`),
  );
  return `${m[1]}${text}`;
}

/** A `YYYY-MM-DD` date: `29/10/2026` in Spanish (as the committee screens), ISO in English. */
export function traceDate(value: string, lang: Locale): string {
  return formatDate(value, lang, value);
}

/** A catalogue message in `locale` (Spanish unless English is chosen), or null when the
 * catalogue lacks its key. Placeholders are `{name}`, `{name, number}` and `{name, date}`. */
export function renderTraceMessage(m: TraceMessage, locale: string | null | undefined): string | null {
  const lang: Locale = isLocale(locale) ? locale : 'es';
  const text = template(lang, m.key);
  if (text === null) return null;
  const arg = (a: TraceArg): string | null => {
    if (typeof a === 'string') return a;
    if (Array.isArray(a)) {
      const parts = a.map((s) => renderTraceMessage(s, lang));
      return parts.some((p) => p === null) ? null : parts.join('; ');
    }
    return lang === 'es' ? a.es : a.en;
  };
  let missing = false;
  const out = text.replace(/\{(\w+)(?:, *(number|date))?\}/g, (whole, name: string, kind?: string) => {
    const a = m.args?.[name];
    const v = a === undefined ? null : arg(a);
    if (v === null) {
      missing = true;
      return whole;
    }
    if (kind === 'number') return traceNumber(v, lang);
    if (kind === 'date') return traceDate(v, lang);
    return v;
  });
  return missing ? null : out;
}

/** Why the step was taken, in `locale`; the recorded English reason when the step has no
 * message or the catalogue cannot word it. */
export function traceReason(step: TraceStep, locale: string | null | undefined): string {
  return (step.message && renderTraceMessage(step.message, locale)) ?? step.reason;
}

/** What the step worked on, in `locale` when it is a phrase; a name as recorded. */
export function traceSubject(step: TraceStep, locale: string | null | undefined): string {
  return (step.subject_message && renderTraceMessage(step.subject_message, locale)) ?? step.subject;
}

/** What produced an indicative rating, in `locale` when the engine wrote it as a message;
 * the recorded words otherwise (a session file's own summary, old data). */
export function summaryText(
  indicative: { summary: string; summary_message?: TraceMessage },
  locale: string | null | undefined,
): string {
  return (indicative.summary_message && renderTraceMessage(indicative.summary_message, locale)) ?? indicative.summary;
}

/** A flag's or a cap's text (`message_i18n`, `reason_i18n`, `subject_i18n`) in `locale`,
 * or the recorded English words when there is no message or the catalogue cannot word it. */
export function phraseText(m: TraceMessage | null | undefined, recorded: string, locale: string | null | undefined): string {
  return (m && renderTraceMessage(m, locale)) ?? recorded;
}

/** The value before the step, in `locale` when it is a phrase; a value as recorded. */
export function traceBefore(step: TraceStep, locale: string | null | undefined): string {
  return phraseText(step.before_message, step.before, locale);
}

/** The value after the step, in `locale` when it is a phrase; a value as recorded. */
export function traceAfter(step: TraceStep, locale: string | null | undefined): string {
  return phraseText(step.after_message, step.after, locale);
}
