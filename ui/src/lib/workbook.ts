// The open workbook as the screens see it: its path, set by the workbook screen and read by
// the others. The back end holds the workbook itself; this is only what to show.
import { writable } from 'svelte/store';
import { api } from './ipc';

export const workbookPath = writable<string | null>(null);

/** The file name of a path ("demo.ratebook"). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Asks the back end which workbook is open (e.g. one named on the command line). */
export async function refreshWorkbook(): Promise<string | null> {
  const path = await api.workbookCurrent();
  workbookPath.set(path);
  return path;
}
