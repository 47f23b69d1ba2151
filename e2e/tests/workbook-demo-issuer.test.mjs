// Journey 1a: open the demo workbook from the start screen, find an issuer by searching
// the list, open it and see its stored inputs and issues.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, freshHome, launch, screenshot } from '../lib/app.mjs';
import { execFileSync } from 'node:child_process';

/** The cells of the issuer rows in the DOM, as the person reads them. */
const visibleRows = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="issuer-row"]')].map((row) =>
      [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent.trim()),
    ),
  );

const home = freshHome('demo');
let app;
before(async () => {
  app = await launch({ env: home.env });
});
after(async () => {
  await app?.close();
});

test('the demo opens from the workbook screen and titles the window', async () => {
  const { browser } = app;
  await browser.$('[data-testid="nav-workbook"]').click();
  await browser.$('[data-testid="workbook-current"]').waitForDisplayed({ timeout: 15000 });
  assert.equal(await browser.$('[data-testid="workbook-current"]').getText(), 'No hay un libro abierto.');
  await browser.$('[data-testid="workbook-demo"]').click();
  await browser.waitUntil(async () => (await browser.getTitle()) === 'Ratebook — demo.ratebook', {
    timeout: 60000,
    timeoutMsg: 'the title never named demo.ratebook',
  });
  await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 15000 });
});

test('the list shows the issuers with their global ratings and renders only what is visible', async () => {
  const { browser } = app;
  const count = await browser.$('[data-testid="issuers-count"]').getText();
  const total = Number(count.match(/\d+/)[0]);
  assert.ok(total >= 30, count);
  const rows = await visibleRows(browser);
  assert.match(rows[0][0], /^DEMO-/);
  assert.ok(rows.length > 0 && rows.length <= total, `${rows.length} rows in the DOM`);
  // Each row shows code, name, sector, global LC and FC, sovereign and scale.
  assert.equal(rows[0].length, 7);
});

test('the list is driven from the keyboard with a visible focus', async () => {
  const { browser } = app;
  const rows = await visibleRows(browser);
  await browser.execute(() => document.querySelector('[data-index="0"]').focus());
  await browser.keys(['ArrowDown']);
  await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.dataset.index)) === '1', {
    timeout: 5000,
    timeoutMsg: 'ArrowDown did not move the focus to the next row',
  });
  const focused = await browser.execute(() => ({
    index: document.activeElement?.dataset.index,
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  assert.equal(focused.index, '1');
  assert.notEqual(focused.outline, 'none');
  await browser.keys(['Enter']);
  const title = await browser.$('[data-testid="issuer-detail-title"]');
  await title.waitForDisplayed({ timeout: 10000 });
  assert.equal(await title.getText(), `Emisor ${rows[1][0]}`);
});

test('searching by name finds the issuer and its detail shows the stored case', async () => {
  const { browser } = app;
  // The stored case, through the CLI from the same file: the window adds nothing of its own.
  const demo = path.join(home.env.XDG_DATA_HOME, 'ec.ratebook.desktop', 'demo.ratebook');
  const out = path.join(home.dir, 'case.json');
  execFileSync(cli, ['workbook', 'export', demo, '--kind', 'issuer-case', '--code', 'DEMO-XX-02', '--to', out]);
  const stored = JSON.parse(readFileSync(out, 'utf8'));

  await browser.$('[data-testid="issuers-search"]').setValue('meridiano');
  await browser.waitUntil(async () => (await browser.$('[data-testid="issuers-count"]').getText()) === '1 emisores', {
    timeout: 10000,
  });
  assert.deepEqual(await visibleRows(browser), [['DEMO-XX-02', 'Banco Meridiano', 'Banco', 'BB-', 'B+', 'XX', 'xx']]);
  await browser.$('[data-testid="issuer-row"]').click();
  const title = await browser.$('[data-testid="issuer-detail-title"]');
  await title.waitForDisplayed({ timeout: 10000 });
  assert.equal(await title.getText(), 'Emisor DEMO-XX-02');
  assert.equal(await browser.$('[data-testid="issuer-detail-lc"]').getText(), stored.issuer.global_lc);
  const issues = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="issuer-issues"] li .code')].map((c) => c.textContent),
  );
  assert.deepEqual(issues, stored.issues.map((i) => i.code));
  assert.ok(issues.length > 0);
  await screenshot(browser, 'workbook-demo-issuer');
});

test('the demo is listed among the recent workbooks', async () => {
  const { browser } = app;
  await browser.$('[data-testid="nav-workbook"]').click();
  const recent = await browser.$('[data-testid="workbook-recent"]');
  await recent.waitForDisplayed({ timeout: 10000 });
  assert.match(await recent.getText(), /demo\.ratebook/);
  assert.equal(await browser.$('[data-testid="workbook-current"]').getText(), 'Libro abierto: demo.ratebook');
});

test('creating a workbook over an existing file is refused next to the path, and a new one opens empty', async () => {
  const { browser } = app;
  const demo = path.join(home.env.XDG_DATA_HOME, 'ec.ratebook.desktop', 'demo.ratebook');
  const field = await browser.$('[data-testid="workbook-path"]');
  await field.setValue(demo);
  await browser.$('[data-testid="workbook-create-path"]').click();
  const error = await browser.$('[data-testid="workbook-error-path"]');
  await error.waitForDisplayed({ timeout: 10000 });
  assert.match(await error.getText(), /ya existe; un libro nuevo nunca se escribe sobre un archivo existente/);
  // Nothing was lost: the demo is still the open workbook.
  assert.equal(await browser.getTitle(), 'Ratebook — demo.ratebook');
  await screenshot(browser, 'workbook-create-refused');

  const fresh = path.join(home.dir, 'nuevo.ratebook');
  await field.setValue(fresh);
  await browser.$('[data-testid="workbook-create-path"]').click();
  await browser.waitUntil(async () => (await browser.getTitle()) === 'Ratebook — nuevo.ratebook', { timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$('[data-testid="issuers-count"]').getText()) === '0 emisores', {
    timeout: 10000,
  });
});
