import { describe, expect, it } from 'vitest';
import { KeysetList, MAX_PAGE, PAGE, type KeysetPage, type KeysetView } from './keyset';

/** A back end over `n` numbered rows, filtered by `query` (rows divisible by it), that records its calls. */
function source(n: number) {
  const calls: string[] = [];
  const rows = (q: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % q === 0);
  return {
    calls,
    count: async (q: number) => {
      calls.push(`count ${q}`);
      return rows(q).length;
    },
    page: async (q: number, after: number | null, limit: number): Promise<KeysetPage<number, number>> => {
      calls.push(`page ${q} after ${after} limit ${limit}`);
      const all = rows(q).filter((i) => after === null || i > after);
      const page = all.slice(0, limit);
      return { rows: page, next: page.length === limit ? page[page.length - 1] : null };
    },
  };
}

function list(n: number) {
  const s = source(n);
  const views: KeysetView<number>[] = [];
  const l = new KeysetList<number, number, number>(s, (v) => views.push(v));
  const last = () => views[views.length - 1];
  return { s, l, last };
}

describe('KeysetList', () => {
  it('asks the count and the first page at once, then pages on as rows are needed', async () => {
    const { s, l, last } = list(100_000);
    await l.reload(1);
    expect(s.calls).toEqual(['count 1', `page 1 after null limit ${PAGE}`]);
    expect(last().total).toBe(100_000);
    expect(last().rows.length).toBe(PAGE);
    await l.ensure(100);
    expect(s.calls.length).toBe(2);
    // A jump deep down the list reads the largest pages, in sequence, from the last row loaded.
    await l.ensure(2_500);
    expect(s.calls.slice(2)).toEqual([
      `page 1 after ${PAGE - 1} limit ${MAX_PAGE}`,
      `page 1 after ${PAGE + MAX_PAGE - 1} limit ${MAX_PAGE}`,
      `page 1 after ${PAGE + 2 * MAX_PAGE - 1} limit 301`,
    ]);
    expect(last().rows.slice(0, 3)).toEqual([0, 1, 2]);
    expect(last().rows.length).toBe(2_501);
    expect(new Set(last().rows).size).toBe(2_501);
  });

  it('stops at the last page', async () => {
    const { s, l, last } = list(30);
    await l.reload(2);
    expect(last()).toEqual({ rows: Array.from({ length: 15 }, (_, i) => 2 * i), total: 15 });
    await l.ensure(500);
    expect(s.calls.length).toBe(2);
  });

  it('drops the answers to a query that a newer one replaced', async () => {
    const { l, last } = list(1_000);
    const older = l.reload(1);
    const newer = l.reload(10);
    await Promise.all([older, newer]);
    expect(last().total).toBe(100);
    expect(last().rows.every((r) => r % 10 === 0)).toBe(true);
    expect(last().rows.length).toBe(100);
  });

  it('reports a failure of the current query only', async () => {
    const s = source(100);
    const failing = {
      count: (q: number) => (q === 1 ? Promise.reject(new Error(`count ${q} failed`)) : s.count(q)),
      page: s.page,
    };
    const views: KeysetView<number>[] = [];
    const l = new KeysetList<number, number, number>(failing, (v) => views.push(v));
    await expect(l.reload(1)).rejects.toThrow('count 1 failed');
    const replaced = l.reload(1);
    await l.reload(2);
    await expect(replaced).resolves.toBeUndefined();
    expect(views[views.length - 1].total).toBe(50);
  });

  it('reads nothing more until the first page of a new query has landed', async () => {
    const { s, l, last } = list(1_000);
    const first = l.reload(1);
    await l.ensure(300);
    await first;
    expect(s.calls).toEqual(['count 1', `page 1 after null limit ${PAGE}`]);
    await l.ensure(300);
    expect(last().rows).toEqual(Array.from({ length: 2 * PAGE }, (_, i) => i));
  });

  it('shares one reading between the calls made while it runs', async () => {
    const { s, l } = list(10_000);
    await l.reload(1);
    await Promise.all([l.ensure(900), l.ensure(950)]);
    expect(s.calls.length).toBe(3);
  });
});
