import { describe, expect, it } from 'vitest';
import { fileName, startState } from './workbook';

describe('startState', () => {
  it('reads the state the initialization script defined', () => {
    const scope = { __RATEBOOK_START__: { workbook: '/tmp/demo.ratebook', error: null } };
    expect(startState(scope)).toEqual({ workbook: '/tmp/demo.ratebook', error: null });
  });

  it('is undefined where no initialization script ran, or it defined something else', () => {
    expect(startState({})).toBeUndefined();
    expect(startState({ __RATEBOOK_START__: 'demo' })).toBeUndefined();
  });
});

describe('fileName', () => {
  it('names the file of a Unix or Windows path', () => {
    expect(fileName('/home/ana/demo.ratebook')).toBe('demo.ratebook');
    expect(fileName('C:\\Users\\ana\\q.ratebook')).toBe('q.ratebook');
  });
});
