// The first screen shows the global scale computed by ratebook-core through a Tauri command.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, launch, screenshot } from '../lib/app.mjs';

let app;
before(async () => {
  app = await launch();
});
after(async () => {
  await app?.close();
});

test('the window is titled Ratebook', async () => {
  assert.equal(await app.browser.getTitle(), 'Ratebook');
});

test('the scale table shows what the core computes, row for row', async () => {
  const { browser } = app;
  const table = await browser.$('[data-testid="scale-table"]');
  await table.waitForDisplayed({ timeout: 15000 });
  const rows = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="scale-table"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent.trim()),
    ),
  );
  // The same core function, reached through the CLI: the window adds no logic of its own.
  const expected = cliJson('scale').rows;
  assert.equal(rows.length, expected.length);
  assert.equal(rows.length, 23);
  expected.forEach((r, i) => {
    assert.equal(rows[i][0], r.symbol);
    assert.equal(rows[i][1], r.notch === null ? '—' : String(r.notch));
    assert.equal(rows[i][3], r.short_term);
    assert.equal(rows[i][4], r.short_term_alternative);
  });
  const source = await browser.$('[data-testid="scale-source"]').getText();
  assert.match(source, /sp-lt-st-link/);
  await screenshot(browser, 'first-screen');
});

test('switching to English relabels the screen without reloading data', async () => {
  const { browser } = app;
  const heading = await browser.$('#scale-title');
  assert.equal(await heading.getText(), 'Escala global de calificación');
  await browser.$('[data-testid="language"]').selectByAttribute('value', 'en');
  await browser.waitUntil(async () => (await heading.getText()) === 'Global rating scale', { timeout: 5000 });
  const firstRow = await browser.$('[data-testid="scale-table"] tbody tr').getText();
  assert.match(firstRow, /AAA/);
  await browser.$('[data-testid="language"]').selectByAttribute('value', 'es');
  await browser.waitUntil(async () => (await heading.getText()) === 'Escala global de calificación', { timeout: 5000 });
});
