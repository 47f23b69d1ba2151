// Calendar dates as people read and write them (SPEC §7): day first in Spanish, as Ecuador
// writes dates (`29/10/2026`), ISO in English (`2026-10-29`). The back end always receives
// and sends ISO; these turn it into text and typed text back into it.

/** A `YYYY-MM-DD` date in the person's language; `missing` when there is none, and any other
 * text as it is. */
export function formatDate(iso: string | null | undefined, locale: string | null | undefined, missing = ''): string {
  if (!iso) return missing;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || locale !== 'es') return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/**
 * A typed date as `YYYY-MM-DD`: day/month/year (`29/10/2026`, `1/2/2026`) or ISO, accepted in
 * both languages; null when the text is not a date of the calendar (`31/02/2026`).
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const [y, m, d] = dmy ? [dmy[3], dmy[2], dmy[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (y === undefined || m === undefined || d === undefined) return null;
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Today as `YYYY-MM-DD` in local time: the default of the date fields. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
