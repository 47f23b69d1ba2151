// The screens of the window, in sidebar order. A screen area adds one entry here, its
// component under `screens/`, and its catalogue files under `lib/i18n/{es,en}/`.
import type { Component } from 'svelte';
// The issuer list is where a workbook opens (SPEC §7): part of the shell's script, so that
// the window's first rows do not wait for a chunk to be fetched after the shell has run.
import Issuers from './Issuers.svelte';

export interface Section {
  /** The URL hash that shows the section (`#scale`). */
  id: string;
  /** Catalogue key of the sidebar label. */
  label: string;
  /** Loads the screen's component: each screen but the issuer list is its own chunk,
   * fetched when first shown, so the window starts by parsing only the shell and the
   * screen a workbook opens on. */
  load: () => Promise<{ default: Component }>;
}

export const sections: Section[] = [
  { id: 'scale', label: 'nav.scale', load: () => import('./GlobalScale.svelte') },
  { id: 'workbook', label: 'nav.workbook', load: () => import('./Workbook.svelte') },
  { id: 'issuers', label: 'nav.issuers', load: () => Promise.resolve({ default: Issuers as Component }) },
  { id: 'titularizaciones', label: 'titularizacion.nav', load: () => import('./Titularizaciones.svelte') },
  { id: 'committee', label: 'committee.nav', load: () => import('./Committee.svelte') },
  { id: 'reports', label: 'reports.nav', load: () => import('./Reports.svelte') },
  { id: 'methodology', label: 'methodology.nav', load: () => import('./Methodology.svelte') },
  { id: 'import', label: 'nav.import', load: () => import('./Import.svelte') },
];

/** The section a location hash names, or the first one. */
export function sectionFor(hash: string, all: Section[] = sections): Section {
  const id = hash.replace(/^#/, '');
  return all.find((s) => s.id === id) ?? all[0];
}
