// One catalogue for every user-facing string, in Spanish and English (SPEC §7).
// Each screen area has one file per language (`es/<area>.json`, `en/<area>.json`); the
// file's name is the namespace of its keys (`national.json` → `national.…`), so areas
// are edited independently and checked together (catalogue.test.ts).
import { addMessages, init, locale, register, waitLocale } from 'svelte-i18n';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Messages = Record<string, unknown>;
type AreaModule = { default: Messages } | Messages;

/** Builds one language's messages from its area files, keyed by file name. */
export function fromAreaFiles(files: Record<string, AreaModule>): Messages {
  const messages: Messages = {};
  for (const [path, mod] of Object.entries(files)) {
    const area = path.replace(/^.*\//, '').replace(/\.json$/, '');
    messages[area] = 'default' in mod ? mod.default : mod;
  }
  return messages;
}

/** Loads every area file of a language given as lazy imports, in parallel. */
export async function loadAreaFiles(files: Record<string, () => Promise<unknown>>): Promise<Messages> {
  const loaded = await Promise.all(
    Object.entries(files).map(async ([path, load]) => [path, (await load()) as AreaModule] as const),
  );
  return fromAreaFiles(Object.fromEntries(loaded));
}

// Spanish, the default and the fallback, is part of the shell's script; English is fetched
// the first time it is shown, so the window starts without parsing a catalogue it may
// never use. catalogue.test.ts checks both languages' files against each other.
const loaded: Partial<Record<Locale, Messages>> = {
  es: fromAreaFiles(import.meta.glob('./es/*.json', { eager: true })),
};
const lazy: Partial<Record<Locale, Record<string, () => Promise<unknown>>>> = {
  en: import.meta.glob('./en/*.json'),
};

/** Loads a language's messages once (Spanish is always loaded) and returns them. */
export async function ensureLocale(l: Locale): Promise<Messages> {
  const files = lazy[l];
  if (!loaded[l] && files) loaded[l] = await loadAreaFiles(files);
  return loaded[l] ?? {};
}

/** A language's messages, once loaded (`undefined` before: English until first chosen).
 * For code that words text outside svelte-i18n's formatter, such as engine traces. */
export function messagesOf(l: Locale): Messages | undefined {
  return loaded[l];
}

const STORAGE_KEY = 'ratebook.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Registers the catalogue and picks the saved language, Spanish by default; resolves once
 * that language's messages are loaded, before anything is shown. */
export function setupI18n(): Promise<void> {
  addMessages('es', loaded.es as never);
  register('en', () => ensureLocale('en'));
  let saved: string | null = null;
  try {
    saved = globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    saved = null;
  }
  const initial: Locale = isLocale(saved) ? saved : 'es';
  init({ fallbackLocale: 'es', initialLocale: initial });
  document.documentElement.lang = initial;
  return waitLocale(initial);
}

/** Switches the language at run time and remembers the choice. */
export function setLocale(l: Locale): void {
  void locale.set(l);
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
