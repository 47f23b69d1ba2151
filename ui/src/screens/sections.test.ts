import { describe, expect, it } from 'vitest';
import { sectionFor, type Section } from './sections';

const fake = (id: string): Section => ({ id, label: `nav.${id}`, load: () => Promise.resolve({ default: (() => {}) as never }) });

describe('section routing', () => {
  const all = [fake('scale'), fake('issuers')];
  it('picks the section the hash names', () => {
    expect(sectionFor('#issuers', all).id).toBe('issuers');
  });
  it('falls back to the first section on an unknown or empty hash', () => {
    expect(sectionFor('#nope', all).id).toBe('scale');
    expect(sectionFor('', all).id).toBe('scale');
  });
});
