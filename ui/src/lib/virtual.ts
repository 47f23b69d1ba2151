// The rows a virtualised list puts in the DOM: those in the viewport plus a few either side.

export interface Range {
  start: number;
  end: number;
}

/** Rows [start, end) to render for a viewport of `height` px scrolled to `scrollTop`. */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, total: number, overscan = 8): Range {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, height) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.max(start, Math.min(total, first + shown + overscan));
  return { start, end };
}
