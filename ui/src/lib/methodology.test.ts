import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from './bindings';
import { Latest, debounce, findingsAt, formatNumber, formatShare, progressShare, signed, unplaced } from './methodology';

const finding = (field: string | undefined, check = 'contiguous'): Finding => ({ rule: 'N-2', check, message: 'm', field });

describe('findings placed next to their field', () => {
  const all = [finding('rows[2]'), finding('rows[12]'), finding('rows[2].national[1]', 'symbol'), finding('anchor', 'anchor-floor'), finding(undefined, 'unreached')];
  it('takes a field and its parts, not a field that merely starts alike', () => {
    expect(findingsAt(all, 'rows[2]').map((f) => f.field)).toEqual(['rows[2]', 'rows[2].national[1]']);
    expect(findingsAt(all, 'rows[1]')).toEqual([]);
  });
  it('keeps findings about no shown field for the form as a whole', () => {
    expect(unplaced(all, ['rows[2]', 'rows[12]', 'anchor']).map((f) => f.check)).toEqual(['unreached']);
  });
});

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  it('asks once after typing pauses, with the last value', () => {
    const seen: string[] = [];
    const ask = debounce((v: string) => seen.push(v), 250);
    ask('x');
    ask('xx');
    vi.advanceTimersByTime(249);
    expect(seen).toEqual([]);
    ask('xxA');
    vi.advanceTimersByTime(250);
    expect(seen).toEqual(['xxA']);
  });
  it('can be cancelled', () => {
    const seen: string[] = [];
    const ask = debounce((v: string) => seen.push(v), 100);
    ask('a');
    ask.cancel();
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([]);
  });
});

describe('Latest', () => {
  it('keeps only the newest answer', () => {
    const l = new Latest();
    const first = l.next();
    const second = l.next();
    expect(l.isCurrent(first)).toBe(false);
    expect(l.isCurrent(second)).toBe(true);
  });
});

describe('progress', () => {
  it('is a share of the entities re-rated', () => {
    expect(progressShare(null)).toBe(0);
    expect(progressShare({ done: 3, total: 12 })).toBe(0.25);
    expect(progressShare({ done: 0, total: 0 })).toBe(1);
  });
});

describe('formats', () => {
  it('writes Ecuadorian numbers in Spanish and English ones in English', () => {
    expect(formatNumber(1234567.891, 2, 'es')).toBe('1.234.567,89');
    expect(formatNumber(1234567.891, 2, 'en')).toBe('1,234,567.89');
    expect(formatNumber(-0.001, 2, 'es')).toBe('0,00');
    expect(formatNumber(12, 0, 'es')).toBe('12');
  });
  it('writes shares as percentages', () => {
    expect(formatShare(0.25, 'es')).toBe('25,00 %');
    expect(formatShare(1 / 3, 'en')).toBe('33.33%');
  });
  it('writes notches with their sign', () => {
    expect(signed(2)).toBe('+2');
    expect(signed(-1)).toBe('-1');
  });
});
