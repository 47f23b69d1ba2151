import { describe, expect, it } from 'vitest';
import { formatDate, parseDate, today } from './dates';

describe('dates as people read and write them (SPEC §7)', () => {
  it('spec_7_a_date_reads_day_first_in_spanish_and_iso_in_english', () => {
    expect(formatDate('2026-10-29', 'es')).toBe('29/10/2026');
    expect(formatDate('2026-10-29', 'en')).toBe('2026-10-29');
    expect(formatDate(null, 'es')).toBe('');
    expect(formatDate(undefined, 'es', '—')).toBe('—');
    expect(formatDate('not a date', 'es')).toBe('not a date');
  });

  it('spec_7_a_typed_date_is_read_day_first_or_iso_in_either_language', () => {
    expect(parseDate('29/10/2026')).toBe('2026-10-29');
    expect(parseDate(' 1/2/2026 ')).toBe('2026-02-01');
    expect(parseDate('2026-10-29')).toBe('2026-10-29');
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
  });

  it('refuses text that is not a calendar date', () => {
    for (const bad of ['', '31/02/2026', '29/02/2026', '2026-13-01', '10/29/2026x', '29-10-2026', '2026/10/29', '0/1/2026']) {
      expect(parseDate(bad), bad).toBeNull();
    }
  });

  it('gives today in local time as ISO', () => {
    expect(today(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
