// One catalogue for every user-facing string, in Spanish and English (SPEC §7).
// Each screen area has one file per language (`es/<area>.json`, `en/<area>.json`); the
// file's name is the namespace of its keys (`national.json` → `national.…`), so areas
// are edited independently and checked together (catalogue.test.ts).
import { addMessages, init, locale } from 'svelte-i18n';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Messages = Record<string, unknown>;

/** Builds one language's messages from its area files, keyed by file name. */
export function fromAreaFiles(files: Record<string, { default: Messages } | Messages>): Messages {
  const messages: Messages = {};
  for (const [path, mod] of Object.entries(files)) {
    const area = path.replace(/^.*\//, '').replace(/\.json$/, '');
    messages[area] = 'default' in mod ? mod.default : mod;
  }
  return messages;
}

export const catalogue: Record<Locale, Messages> = {
  es: fromAreaFiles(import.meta.glob('./es/*.json', { eager: true })),
  en: fromAreaFiles(import.meta.glob('./en/*.json', { eager: true })),
};

const STORAGE_KEY = 'ratebook.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Registers the catalogue and picks the saved language, Spanish by default. */
export function setupI18n(): void {
  for (const l of LOCALES) addMessages(l, catalogue[l] as never);
  let saved: string | null = null;
  try {
    saved = globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    saved = null;
  }
  init({ fallbackLocale: 'es', initialLocale: isLocale(saved) ? saved : 'es' });
}

/** Switches the language at run time and remembers the choice. */
export function setLocale(l: Locale): void {
  locale.set(l);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
  } catch {
    // Storage unavailable: the choice lasts for this session only.
  }
  document.documentElement.lang = l;
}

/** Every key path of a nested message object, for catalogue checks. */
export function keyPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object'
      ? keyPaths(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}
