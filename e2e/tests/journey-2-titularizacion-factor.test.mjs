// Journey 2: open the demo, open a titularización, change a factor score and see the
// weighted score and category the engine recomputes (cross-checked with the CLI on the same
// workbook file); a score out of range is refused next to its field with the rule and the
// typed value stays; run the analysis and the Monte Carlo with its progress bar, and cancel
// a long run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, freshHome, invokeInPage, launch, screenshot } from '../lib/app.mjs';

/** A number as the Spanish window writes it (`1.234,567`) read back. */
const esNumber = (text) => Number(text.replace(/\./g, '').replace(',', '.').replace(/[^\d.-]/g, ''));

const home = freshHome('journey-2');
let app;
let workbook;
before(async () => {
  app = await launch({ env: home.env, args: ['--demo'] });
});
after(async () => {
  await app?.close();
});

const text = (browser, testid) => browser.$(`[data-testid="${testid}"]`).getText();

test('the demo lists its titularizaciones and one opens with its nine factors', async () => {
  const { browser } = app;
  await browser.waitUntil(async () => (await browser.getTitle()) === 'Ratebook — demo.ratebook', {
    timeout: 60000,
    timeoutMsg: 'the demo workbook did not open at start',
  });
  const current = await invokeInPage(browser, 'workbook_current');
  assert.ok(current.ok && current.value, JSON.stringify(current));
  workbook = current.value;
  await browser.$('[data-testid="nav-titularizaciones"]').click();
  await browser.$('[data-testid="tit-row"]').waitForDisplayed({ timeout: 15000 });
  assert.match(await text(browser, 'tit-count'), /^4 /);
  await browser.$('[data-testid="tit-search"]').setValue('cartera');
  await browser.waitUntil(async () => (await browser.$$('[data-testid="tit-row"]')).length === 1, {
    timeout: 5000,
    timeoutMsg: 'the search did not narrow the list to the credit-portfolio deal',
  });
  await browser.$('[data-testid="tit-row"]').click();
  await browser.$('[data-testid="tit-detail-title"]').waitForDisplayed({ timeout: 10000 });
  assert.match(await text(browser, 'tit-detail-title'), /^DEMO-TIT-CARTERA/);
  for (const id of ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9']) {
    assert.ok(await browser.$(`[data-testid="factor-${id}"]`).isDisplayed(), `factor ${id}`);
  }
  // What the window shows is what the engine computes from the stored scores (CLI, same file).
  const cli = cliJson('titularizacion', 'score', '--workbook', workbook, '--code', 'DEMO-TIT-CARTERA');
  assert.equal(esNumber(await text(browser, 'tit-weighted-score')), Number(Number(cli.weighted_score).toFixed(3)));
  assert.equal(await text(browser, 'tit-model-category'), cli.model_category);
});

test('a new factor score commits and the weighted score and category change', async () => {
  const { browser } = app;
  const before = cliJson('titularizacion', 'score', '--workbook', workbook, '--code', 'DEMO-TIT-CARTERA');
  const weight = esNumber(await text(browser, 'factor-weight-2.4'));
  const oldScore = Number(await browser.$('[data-testid="factor-score-2.4"]').getValue());
  await browser.$('[data-testid="factor-score-2.4"]').setValue('40');
  await browser.$('[data-testid="factor-evidence-2.4"]').setValue('Estrés de volumen rompe la cobertura del período 5 (prueba e2e)');
  await browser.$('[data-testid="factor-save-2.4"]').click();
  await browser.$('[data-testid="factor-saved-2.4"]').waitForDisplayed({ timeout: 10000 });
  const after = cliJson('titularizacion', 'score', '--workbook', workbook, '--code', 'DEMO-TIT-CARTERA');
  // The write reached the workbook file, and the change is score × weight.
  assert.equal(
    Number((Number(before.weighted_score) - Number(after.weighted_score)).toFixed(6)),
    Number((((oldScore - 40) * weight) / 100).toFixed(6)),
  );
  assert.equal(esNumber(await text(browser, 'tit-weighted-score')), Number(Number(after.weighted_score).toFixed(3)));
  assert.equal(await text(browser, 'tit-model-category'), after.model_category);
  assert.notEqual(after.model_category, before.model_category, 'a fall of 11 points changes the band');
  assert.equal(await browser.$('[data-testid="factor-score-2.4"]').getValue(), '40');
});

test('a score out of range is refused next to the field with its rule and the typed value stays', async () => {
  const { browser } = app;
  const shown = await text(browser, 'tit-weighted-score');
  await browser.$('[data-testid="factor-score-2.5"]').setValue('120');
  await browser.$('[data-testid="factor-save-2.5"]').click();
  const error = browser.$('[data-testid="factor-error-2.5"]');
  await error.waitForDisplayed({ timeout: 10000 });
  const message = await error.getText();
  assert.match(message, /^T-2: /);
  assert.match(message, /factor 2\.5 debe estar entre 0 y 100/);
  assert.match(message, /«120»/);
  assert.equal(await browser.$('[data-testid="factor-score-2.5"]').getValue(), '120');
  assert.equal(await text(browser, 'tit-weighted-score'), shown, 'nothing was written');
  // The field is marked for assistive technology and points at its message.
  assert.equal(await browser.$('[data-testid="factor-score-2.5"]').getAttribute('aria-describedby'), 'factor-error-2.5');
});

test('the analysis shows coverage per period, and the Monte Carlo runs with progress', async () => {
  const { browser } = app;
  await browser.$('[data-testid="tit-tab-analysis"]').click();
  await browser.$('[data-testid="an-valid-1"]').click();
  await browser.$('[data-testid="an-valid-2"]').click();
  await browser.$('[data-testid="an-shock-volume"]').setValue('0,3');
  await browser.$('[data-testid="an-run"]').click();
  await browser.$('[data-testid="an-result"]').waitForDisplayed({ timeout: 30000 });
  const periods = await browser.execute(
    () => document.querySelectorAll('[data-testid="coverage-chart"] rect').length,
  );
  assert.ok(periods >= 4, `${periods} bars of coverage per period`);
  const scenarios = await browser.$$('[data-testid="an-stress"] tbody tr');
  assert.equal(scenarios.length >= 2, true, 'the base scenario and the volume stress');
  // The analysis' weighted score is the new one.
  const cli = cliJson('titularizacion', 'score', '--workbook', workbook, '--code', 'DEMO-TIT-CARTERA');
  assert.match(await text(browser, 'an-weighted-score'), new RegExp(`→ ${cli.model_category.replace(/[+-]/g, '\\$&')}$`));

  await browser.$('[data-testid="an-paths"]').setValue('20000');
  await browser.$('[data-testid="mc-run"]').click();
  await browser.$('[data-testid="mc-result"]').waitForDisplayed({ timeout: 60000 });
  const bar = browser.$('[data-testid="mc-progress"]');
  assert.equal(await bar.getAttribute('value'), '20000');
  assert.equal(await bar.getAttribute('max'), '20000');
  assert.equal((await browser.$$('[data-testid="mc-class"]')).length, 3);
  const buckets = await browser.execute(() => document.querySelectorAll('[data-testid="loss-chart"] rect').length);
  assert.equal(buckets, 21);
  assert.equal(await browser.$('[data-testid="mc-cancelled"]').isExisting(), false);
});

test('a long Monte Carlo run can be cancelled and reports the paths it ran', async () => {
  const { browser } = app;
  await browser.$('[data-testid="an-paths"]').setValue('10000000');
  await browser.$('[data-testid="mc-run"]').click();
  const bar = browser.$('[data-testid="mc-progress"]');
  await browser.waitUntil(async () => Number(await bar.getAttribute('value')) > 0, {
    timeout: 30000,
    timeoutMsg: 'no progress was reported',
  });
  await browser.$('[data-testid="mc-cancel"]').click();
  const cancelled = browser.$('[data-testid="mc-cancelled"]');
  await cancelled.waitForDisplayed({ timeout: 60000 });
  assert.match(await cancelled.getText(), /^Cancelado: [\d.]+ de 10\.000\.000 trayectorias/);
  assert.ok(Number(await bar.getAttribute('value')) < 10000000);
  // Switching tabs keeps what is on the analysis tab.
  await browser.$('[data-testid="tit-tab-factors"]').click();
  await browser.$('[data-testid="factor-2.4"]').waitForDisplayed({ timeout: 5000 });
  await browser.$('[data-testid="tit-tab-analysis"]').click();
  assert.equal(await browser.$('[data-testid="an-paths"]').getValue(), '10000000');
  assert.ok(await browser.$('[data-testid="mc-cancelled"]').isDisplayed());
  await browser.$('[data-testid="mc-result"]').scrollIntoView();
  await screenshot(browser, 'journey-2-titularizacion-factor');
});
