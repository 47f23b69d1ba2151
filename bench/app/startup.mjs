// Start time, memory and first rows of the Ratebook window against a blank Tauri window built
// the same way (bench/app/run.sh builds both and the workbooks). Each run starts the app
// through tauri-driver, like the e2e tests, and times from the driver being asked for the
// session to the first screen's content being shown (for Ratebook on a workbook: its first
// issuer rows); memory is the proportional set size
// (PSS) of the app and every process it started (WebKit's web and network processes),
// read from /proc once the screen is shown. Each run also reads the page's own timeline
// (navigation timing, first paint and the shell's `ratebook:` marks).
//
//   node bench/app/startup.mjs BLANK_BIN DEMO.ratebook SMALL.ratebook BIG.ratebook [RUNS]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { artifacts, application, freshHome, launch } from '../../e2e/lib/app.mjs';

const [blank, demo, small, big, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
if (!blank || !demo || !small || !big) {
  console.error('usage: startup.mjs BLANK_BIN DEMO.ratebook SMALL.ratebook BIG.ratebook [RUNS]');
  process.exit(2);
}

/** How often a start is polled for its first content. WebdriverIO's default (100 ms) would
 * round every time to interactive up to the next poll, hiding differences smaller than a
 * poll; both windows are polled alike. */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);

/** pid → parent pid for every process, from /proc. */
function parents() {
  const map = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(entry), ppid);
    } catch {
      // The process ended while we read.
    }
  }
  return map;
}

/** The pid whose executable is `binary`. */
function pidOf(binary) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
      if (path.resolve(cmd) === path.resolve(binary)) return Number(entry);
    } catch {
      // Gone, or not ours to read.
    }
  }
  throw new Error(`no process runs ${binary}`);
}

/** PSS and RSS in MiB of `pid` and all its descendants. */
function memoryOfTree(pid) {
  const ppid = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1) {
    for (const [child, parent] of ppid) if (parent === tree[i]) tree.push(child);
  }
  let pss = 0;
  let rss = 0;
  for (const p of tree) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      pss += Number(rollup.match(/^Pss:\s+(\d+) kB/m)[1]);
      rss += Number(rollup.match(/^Rss:\s+(\d+) kB/m)[1]);
    } catch {
      // Ended meanwhile.
    }
  }
  return { pss: pss / 1024, rss: rss / 1024, processes: tree.length };
}

/** Settles: lets the window finish its first layout before memory is read. */
// Each launch gets its own pair of driver ports: WebKitWebDriver may hold the previous
// pair for a moment after its app has closed.
let nextPort = Number(process.env.TAURI_DRIVER_PORT ?? 4600);
const ports = () => {
  nextPort += 2;
  return { port: nextPort, nativePort: nextPort + 1 };
};

/** Where the page's start went, in ms from its navigation: the browser's navigation timing
 * and first paint, and the marks Ratebook's shell leaves (`ratebook:shell-mounted` once the
 * shell is rendered, `ratebook:issuer-rows` when the first issuer rows arrive). */
const pageTimeline = (browser) =>
  browser.execute(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return {
      pageDomInteractive: nav?.domInteractive ?? null,
      pageContentLoaded: nav?.domContentLoadedEventEnd ?? null,
      pageFirstPaint: at('first-contentful-paint'),
      pageShellMounted: at('ratebook:shell-mounted'),
      pageIssuerRows: at('ratebook:issuer-rows'),
    };
  });

const settle = (browser) =>
  browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 500))));

async function blankRun() {
  const home = freshHome('bench-blank');
  const app = await launch({ env: home.env, app: blank, ...ports() });
  try {
    await app.browser.$('#ready').waitForDisplayed({ timeout: 60000, interval: POLL_MS });
    const tti = performance.now() - app.sessionRequested;
    await settle(app.browser);
    return { tti, ...memoryOfTree(pidOf(blank)), ...(await pageTimeline(app.browser)) };
  } finally {
    await app.close();
  }
}

/** Ratebook on `workbook`: a workbook named on the command line opens on its issuer list,
 * so the app is interactive when the first issuer rows are shown. Then, once more from
 * another screen: the time from a click on "Issuers" to the first rows. */
async function ratebookRun(workbook) {
  const home = freshHome('bench-app');
  const app = await launch({ env: home.env, args: ['--workbook', workbook], ...ports() });
  try {
    const { browser } = app;
    await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 60000, interval: POLL_MS });
    const tti = performance.now() - app.sessionRequested;
    await settle(browser);
    const memory = memoryOfTree(pidOf(application));
    const timeline = await pageTimeline(browser);
    await browser.$('[data-testid="nav-scale"]').click();
    await browser.$('[data-testid="scale-table"]').waitForDisplayed({ timeout: 60000 });
    const firstRows = await browser.executeAsync((done) => {
      const t0 = performance.now();
      document.querySelector('[data-testid="nav-issuers"]').click();
      const poll = () => {
        if (document.querySelector('[data-testid="issuer-row"]')) done(performance.now() - t0);
        else requestAnimationFrame(poll);
      };
      poll();
    });
    return { tti, ...memory, ...timeline, firstRows };
  } finally {
    await app.close();
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = { blank: [], demo: [], small: [], big: [] };
// Interleaved, so that a slow moment on the machine falls on every contender alike.
for (let i = 0; i < runs; i += 1) {
  results.blank.push(await blankRun());
  results.demo.push(await ratebookRun(demo));
  results.small.push(await ratebookRun(small));
  results.big.push(await ratebookRun(big));
  console.error(`run ${i + 1}/${runs} done`);
}

const summary = Object.fromEntries(
  Object.entries(results).map(([k, rs]) => [
    k,
    Object.fromEntries(
      Object.keys(rs[0])
        .filter((f) => typeof rs[0][f] === 'number')
        .map((f) => [f, median(rs.map((r) => r[f]))]),
    ),
  ]),
);
const ratios = {
  start: summary.demo.tti / summary.blank.tti,
  memoryPss: summary.demo.pss / summary.blank.pss,
  memoryRss: summary.demo.rss / summary.blank.rss,
  startToRows100kOver100: summary.big.tti / summary.small.tti,
  firstRows100kOver100: summary.big.firstRows / summary.small.firstRows,
};
const out = { runs, summary, ratios, results };
writeFileSync(path.join(artifacts, 'bench-startup.json'), JSON.stringify(out, null, 2));
console.log(JSON.stringify({ runs, summary, ratios }, null, 2));
