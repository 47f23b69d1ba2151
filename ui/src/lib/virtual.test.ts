import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtual';

describe('visibleRange', () => {
  it('renders only the rows in view plus the overscan, at any depth of a long list', () => {
    expect(visibleRange(0, 320, 32, 100_000)).toEqual({ start: 0, end: 19 });
    const deep = visibleRange(32 * 50_000, 320, 32, 100_000);
    expect(deep).toEqual({ start: 49_992, end: 50_019 });
    expect(deep.end - deep.start).toBeLessThan(40);
  });
  it('stays inside the list', () => {
    expect(visibleRange(32 * 200, 320, 32, 100)).toEqual({ start: 100, end: 100 });
    expect(visibleRange(0, 320, 32, 5)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(0, 320, 32, 0)).toEqual({ start: 0, end: 0 });
  });
});
