// The open workbook as the screens see it: its path, set by the workbook screen and read by
// the others. The back end holds the workbook itself; this is only what to show.
import { writable } from 'svelte/store';
import { api } from './ipc';
import type { StartState } from './bindings';

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

/** What the back end told the page before its first script ran (`StartState`, defined by
 * the window's initialization script): the workbook the command line opened, or why it
 * could not. `undefined` outside the app (unit tests, a plain browser). It describes the
 * window's start only: after a reload or another workbook opened, ask `refreshWorkbook`. */
export function startState(scope: object = globalThis): StartState | undefined {
  const state = (scope as { __RATEBOOK_START__?: StartState }).__RATEBOOK_START__;
  return state && typeof state === 'object' ? state : undefined;
}
