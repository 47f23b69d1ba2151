// The window's start: a workbook named on the command line is handed to the page before its
// first script runs (StartState), so the window opens straight on that workbook's issuer
// list; one that cannot be opened opens the Workbook screen with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, freshHome, launch, root, screenshot } from '../lib/app.mjs';
import { execFileSync } from 'node:child_process';

test('a workbook named at start opens on its issuer list, told to the page before it ran', async () => {
  const home = freshHome('start');
  const workbook = path.join(home.dir, 'start.ratebook');
  execFileSync(cli, ['workbook', 'demo', '--out', workbook, '--fixtures', 'fixtures'], { cwd: root });
  const app = await launch({ env: home.env, args: ['--workbook', workbook] });
  try {
    const { browser } = app;
    await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 15000 });
    assert.equal(await browser.execute(() => window.location.hash), '#issuers');
    assert.equal(await browser.getTitle(), 'Ratebook — start.ratebook');
    const start = await browser.execute(() => {
      const before = window.__RATEBOOK_START__;
      try {
        window.__RATEBOOK_START__ = { workbook: '/elsewhere.ratebook' };
      } catch {
        // Read-only in strict code; ignored otherwise.
      }
      return JSON.stringify({ before, after: window.__RATEBOOK_START__, frozen: Object.isFrozen(window.__RATEBOOK_START__) });
    }).then(JSON.parse);
    assert.deepEqual(start.before, { workbook, error: null });
    assert.deepEqual(start.after, start.before);
    assert.equal(start.frozen, true);
  } finally {
    await app.close();
  }
});

test('a workbook named at start that cannot be opened opens the Workbook screen with the reason', async () => {
  const home = freshHome('start-bad');
  const workbook = path.join(home.dir, 'not-a-workbook.ratebook');
  writeFileSync(workbook, 'these bytes are not a SQLite workbook\n');
  const app = await launch({ env: home.env, args: ['--workbook', workbook] });
  try {
    const { browser } = app;
    const error = await browser.$('[data-testid="workbook-error-current"]');
    await error.waitForDisplayed({ timeout: 15000 });
    assert.equal(await browser.execute(() => window.location.hash), '#workbook');
    assert.match(await error.getText(), /not-a-workbook\.ratebook/);
    // As JSON: WebDriver reads a returned object with an `error` key as its own error.
    const start = JSON.parse(await browser.execute(() => JSON.stringify(window.__RATEBOOK_START__)));
    assert.equal(start.workbook, null);
    assert.equal(start.error.code, 'open.not-sqlite');
    assert.equal(start.error.path, workbook);
    await screenshot(browser, 'start-bad-workbook');
  } finally {
    await app.close();
  }
});
