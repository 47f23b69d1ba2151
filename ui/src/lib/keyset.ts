// The rows of a long list read from the store's keyset pages (crates/store/src/keyset.rs):
// the count and the first page are asked at once, then pages are read in sequence as the
// window scrolls towards rows not loaded yet. A new query starts a new generation; answers
// to an older one are dropped, so a slow page never lands in a newer list.

/** One page as the back end returns it: its rows and where the next page starts. */
export interface KeysetPage<T, C> {
  rows: T[];
  next: C | null;
}

export interface KeysetSource<T, Q, C> {
  count: (query: Q) => Promise<number>;
  page: (query: Q, after: C | null, limit: number) => Promise<KeysetPage<T, C>>;
}

/** What the window shows: the rows loaded so far, in order, and the length of the list. */
export interface KeysetView<T> {
  rows: T[];
  total: number;
}

/** Rows a page asks for when the window needs only a screenful. */
export const PAGE = 200;
/** The store's largest page (`keyset::MAX_PAGE`), used to cover a long jump down the list. */
export const MAX_PAGE = 1000;

export class KeysetList<T, Q, C> {
  private query: Q | null = null;
  private rows: T[] = [];
  private total = 0;
  private next: C | null = null;
  private done = true;
  private generation = 0;
  private loading: { generation: number; promise: Promise<void> } | null = null;

  constructor(
    private readonly source: KeysetSource<T, Q, C>,
    private readonly onchange: (view: KeysetView<T>) => void,
  ) {}

  private accept(page: KeysetPage<T, C>) {
    this.rows = this.rows.concat(page.rows);
    this.next = page.next;
    this.done = page.next === null;
    this.onchange({ rows: this.rows, total: this.total });
  }

  /** Starts the list over for `query`: its count and its first page; rejects if either fails. */
  async reload(query: Q): Promise<void> {
    const generation = ++this.generation;
    this.query = query;
    this.rows = [];
    this.next = null;
    // Nothing more to read until the first page has landed (it says whether there is more).
    this.done = true;
    let total: number;
    let first: KeysetPage<T, C>;
    try {
      [total, first] = await Promise.all([this.source.count(query), this.source.page(query, null, PAGE)]);
    } catch (e) {
      // A query that a newer one replaced fails quietly: its answer is no longer wanted.
      if (generation === this.generation) throw e;
      return;
    }
    if (generation !== this.generation) return;
    this.total = total;
    this.accept(first);
  }

  /**
   * Reads pages until row `upTo` is loaded or the list ends. One reading at a time: a call
   * made while one runs gets that reading; the window asks again when its rows change.
   */
  ensure(upTo: number): Promise<void> {
    if (this.loading?.generation === this.generation) return this.loading.promise;
    const generation = this.generation;
    const promise = this.fill(upTo, generation).finally(() => {
      if (this.loading?.promise === promise) this.loading = null;
    });
    this.loading = { generation, promise };
    return promise;
  }

  private async fill(upTo: number, generation: number): Promise<void> {
    while (generation === this.generation && !this.done && this.query !== null && this.rows.length <= upTo) {
      const wanted = Math.min(MAX_PAGE, Math.max(PAGE, upTo + 1 - this.rows.length));
      const page = await this.source.page(this.query, this.next, wanted);
      if (generation !== this.generation) return;
      this.accept(page);
    }
  }
}
