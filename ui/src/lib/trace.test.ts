import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLocale } from './i18n';
import type { TraceStep } from './bindings';
import {
  phraseText,
  renderTraceMessage,
  summaryText,
  traceAfter,
  traceBefore,
  traceDate,
  traceNumber,
  traceReason,
  traceSubject,
} from './trace';

const holistic: TraceStep = {
  rule: 'N-5',
  section: '001 §Holistic analysis',
  subject: 'issuer',
  before: 'zaA',
  after: 'zaA+',
  reason: 'holistic adjustment +1: Deposit franchise',
  message: {
    key: 'national.holistic',
    args: { notches: '+1', rationale: 'Deposit franchise', clamped: [] },
  },
  subject_message: { key: 'subject.issuer' },
};

// English is fetched when first chosen, as in the window.
beforeAll(async () => {
  await ensureLocale('en');
});

describe('trace steps in the person language (SPEC §7)', () => {
  it('spec_7_a_step_reads_in_spanish_and_in_english_from_one_catalogue', () => {
    expect(traceReason(holistic, 'es')).toBe('ajuste holístico +1: Deposit franchise');
    expect(traceReason(holistic, 'en')).toBe(holistic.reason);
    expect(traceSubject(holistic, 'es')).toBe('emisor');
    expect(traceSubject(holistic, 'en')).toBe('issuer');
  });

  it('spec_7_the_analyst_free_text_is_never_translated', () => {
    expect(traceReason(holistic, 'es')).toContain('Deposit franchise');
  });

  it('spec_7_a_step_stored_without_a_message_shows_its_recorded_reason', () => {
    const old: TraceStep = { ...holistic, message: undefined, subject_message: undefined };
    expect(traceReason(old, 'es')).toBe(holistic.reason);
    expect(traceSubject(old, 'es')).toBe('issuer');
  });

  it('spec_7_an_unknown_key_or_missing_argument_falls_back_to_the_recorded_reason', () => {
    expect(traceReason({ ...holistic, message: { key: 'national.nope' } }, 'es')).toBe(holistic.reason);
    expect(traceReason({ ...holistic, message: { key: 'national.holistic', args: { notches: '+1' } } }, 'es')).toBe(
      holistic.reason,
    );
  });

  it('spec_7_numbers_and_dates_follow_the_language', () => {
    const m = {
      key: 'titularizacion.factor_contribution',
      args: { score: '8.5', weight: '20', contribution: '1.7' },
    };
    expect(renderTraceMessage(m, 'es')).toBe('puntaje 8,5 × peso 20 % = contribución 1,7');
    expect(renderTraceMessage(m, 'en')).toBe('score 8.5 × weight 20 % = contribution 1.7');
    expect(traceNumber('1234567.50', 'es')).toBe('1.234.567,50');
    expect(traceNumber('+1', 'es')).toBe('+1');
    expect(traceNumber('n/a', 'es')).toBe('n/a');
    expect(traceDate('2026-10-29', 'es')).toBe('29/10/2026');
    expect(traceDate('2026-10-29', 'en')).toBe('2026-10-29');
  });

  it('spec_7_sub_messages_and_bilingual_data_render_in_the_same_language', () => {
    const m = {
      key: 'committee.override',
      args: {
        notches: '+1',
        limit: '1',
        family: [{ key: 'committee.family.national' }],
        approval: [{ key: 'committee.approval.within_limit' }],
        code: 'EVENT',
        reason: { es: 'evento reciente', en: 'recent event' },
        factors: 'franquicia',
      },
    };
    expect(renderTraceMessage(m, 'es')).toBe(
      '+1 escalón(es), límite 1 para escala nacional: dentro del límite; motivo EVENT (evento reciente); se basa en franquicia',
    );
    expect(renderTraceMessage(m, 'en')).toBe(
      '+1 notch(es), limit 1 for national: within the limit; reason EVENT (recent event); rests on franquicia',
    );
  });

  it('spec_7_the_indicative_summary_follows_the_language_and_keeps_typed_words', () => {
    const engine = {
      summary: 'weighted score 85.15 -> AA (T-3), deal AA after caps (T-8); class 2026.1',
      summary_message: {
        key: 'committee.summary_titularizacion',
        args: { score: '85.15', model: 'AA', deal: 'AA', methodology: 'class', version: '2026.1' },
      },
    };
    expect(summaryText(engine, 'es')).toBe(
      'puntaje ponderado 85,15 -> AA (T-3), titularización AA tras los topes (T-8); class 2026.1',
    );
    expect(summaryText(engine, 'en')).toBe(engine.summary);
    expect(summaryText({ summary: 'typed by the analyst' }, 'es')).toBe('typed by the analyst');
  });

  it('spec_7_a_flag_reads_in_the_language_and_old_flags_keep_their_words', () => {
    const m = { key: 'titularizacion.no_evidence' };
    expect(phraseText(m, 'score has no evidence note', 'es')).toBe('el puntaje no tiene nota de sustento');
    expect(phraseText(m, 'score has no evidence note', 'en')).toBe('score has no evidence note');
    expect(phraseText(undefined, 'recorded words', 'es')).toBe('recorded words');
  });

  it('spec_7_a_value_word_before_or_after_follows_the_language_and_symbols_stay', () => {
    const step: TraceStep = {
      ...holistic,
      rule: 'T-6',
      before: '2025-06-30',
      after: 'fresh',
      after_message: { key: 'value.fresh' },
    };
    expect(traceAfter(step, 'es')).toBe('vigente');
    expect(traceAfter(step, 'en')).toBe('fresh');
    expect(traceBefore(step, 'es')).toBe('2025-06-30');
  });
});
