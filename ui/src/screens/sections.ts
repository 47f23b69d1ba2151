// The screens of the window, in sidebar order. A screen area adds one entry here, its
// component under `screens/`, and its catalogue files under `lib/i18n/{es,en}/`.
import type { Component } from 'svelte';
import Committee from './Committee.svelte';
import GlobalScale from './GlobalScale.svelte';
import Import from './Import.svelte';
import Issuers from './Issuers.svelte';
import Titularizaciones from './Titularizaciones.svelte';
import Methodology from './Methodology.svelte';
import Reports from './Reports.svelte';
import Workbook from './Workbook.svelte';

export interface Section {
  /** The URL hash that shows the section (`#scale`). */
  id: string;
  /** Catalogue key of the sidebar label. */
  label: string;
  component: Component;
}

export const sections: Section[] = [
  { id: 'scale', label: 'nav.scale', component: GlobalScale },
  { id: 'workbook', label: 'nav.workbook', component: Workbook },
  { id: 'issuers', label: 'nav.issuers', component: Issuers },
  { id: 'titularizaciones', label: 'titularizacion.nav', component: Titularizaciones },
  { id: 'committee', label: 'committee.nav', component: Committee },
  { id: 'reports', label: 'reports.nav', component: Reports },
  { id: 'methodology', label: 'methodology.nav', component: Methodology },
  { id: 'import', label: 'nav.import', component: Import },
];

/** The section a location hash names, or the first one. */
export function sectionFor(hash: string, all: Section[] = sections): Section {
  const id = hash.replace(/^#/, '');
  return all.find((s) => s.id === id) ?? all[0];
}
