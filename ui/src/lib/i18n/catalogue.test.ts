import { describe, expect, it } from 'vitest';
import { fromAreaFiles, isLocale, keyPaths, loadAreaFiles } from './index';

// Both languages' area files, read as the window reads them.
const es = fromAreaFiles(import.meta.glob('./es/*.json', { eager: true }));
const en = fromAreaFiles(import.meta.glob('./en/*.json', { eager: true }));

describe('i18n catalogue', () => {
  it('has the same area files in Spanish and English', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(es)).toContain('app');
  });

  it('has the same keys in Spanish and English', () => {
    expect(keyPaths(es).sort()).toEqual(keyPaths(en).sort());
  });

  it('has no empty message', () => {
    for (const [name, messages] of Object.entries({ es, en })) {
      const empty = keyPaths(messages).filter((k) => {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages);
        return typeof v !== 'string' || v.trim() === '';
      });
      expect(empty, name).toEqual([]);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (msgs: Record<string, unknown>, key: string) =>
      [...String(key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], msgs)).matchAll(/\{(\w+)(?:, *(number|date))?\}/g)]
        .map((m) => `${m[1]}:${m[2] ?? 'text'}`)
        .sort();
    for (const key of keyPaths(es)) {
      expect(placeholders(en, key), key).toEqual(placeholders(es, key));
    }
  });

  it('recognises only the shipped locales', () => {
    expect(isLocale('es')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });

  it('loads a language fetched on demand into the same messages as its bundled files', async () => {
    expect(await loadAreaFiles(import.meta.glob('./en/*.json'))).toEqual(en);
  });
});
