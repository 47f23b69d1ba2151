// Times the issuer list over a large workbook in the real window; see README.md.
import { freshHome, launch, screenshot } from '../../e2e/lib/app.mjs';
const home = freshHome('big');
const app = await launch({ env: home.env, args: ['--workbook', process.argv[2] ?? '/tmp/aw/big.ratebook'] });
const { browser } = app;
await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 60000 });
const time = (cmd, args) => browser.execute((c, a) => { const t = performance.now(); return window.__TAURI_INTERNALS__.invoke(c, a).then((v) => ({ ms: performance.now() - t, n: v.issuers ? v.issuers.length : v })); }, cmd, args);
for (const sort of ['name', 'code', 'sector', 'global-rating']) {
  const q = { sort, sector: null, scale: null, search: null };
  const first = await time('issuer_page', { query: q, after: null, limit: 200 });
  const filtered = await time('issuer_page', { query: { ...q, sector: 'bank', scale: 'ZA' }, after: null, limit: 200 });
  console.log(sort, 'first page', first.ms.toFixed(1), 'ms; filtered', filtered.ms.toFixed(1), 'ms');
}
console.log('count', JSON.stringify(await time('issuer_count', { query: { sort: 'name', sector: null, scale: null, search: null } })));
console.log('search count', JSON.stringify(await time('issuer_count', { query: { sort: 'name', sector: null, scale: null, search: '123' } })));
// Scroll to the middle of the list in the window and time until rows show there.
const t0 = Date.now();
await browser.execute(() => { const v = document.querySelector('[data-testid="issuers-viewport"]'); v.scrollTop = 32 * 50000; v.dispatchEvent(new Event('scroll')); });
await browser.waitUntil(() => browser.execute(() => [...document.querySelectorAll('[data-testid="issuer-row"]')].some((r) => Number(r.dataset.index) >= 50000)), { timeout: 120000 });
console.log('scroll to row 50,000:', Date.now() - t0, 'ms; rows in DOM:', await browser.execute(() => document.querySelectorAll('[data-testid="issuer-row"]').length));
await screenshot(browser, 'big-list');
await app.close();
