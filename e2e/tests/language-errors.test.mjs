// Journey 5: switch to English and back; an error shown next to its control follows the
// language. Also the `--demo` start that `make run` uses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { freshHome, launch, screenshot } from '../lib/app.mjs';

const home = freshHome('language');
let app;
before(async () => {
  app = await launch({ env: home.env, args: ['--demo'] });
});
after(async () => {
  await app?.close();
});

test('--demo opens the demo workbook on its issuer list', async () => {
  const { browser } = app;
  await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 60000 });
  assert.equal(await browser.getTitle(), 'Ratebook — demo.ratebook');
});

test('an import error is shown in Spanish, then in English, then in Spanish again', async () => {
  const { browser } = app;
  await browser.$('[data-testid="nav-import"]').click();
  const missing = path.join(home.dir, 'no-such-file.xlsx');
  await browser.$('[data-testid="import-path"]').setValue(missing);
  await browser.$('[data-testid="import-run"]').click();
  const error = await browser.$('[data-testid="import-error"]');
  await error.waitForDisplayed({ timeout: 10000 });
  assert.equal(await error.getText(), `${missing} no se pudo leer.`);
  assert.equal(await browser.$('#import-title').getText(), 'Importar');

  await browser.$('[data-testid="language"]').selectByAttribute('value', 'en');
  await browser.waitUntil(async () => (await error.getText()) === `${missing} could not be read.`, {
    timeout: 5000,
    timeoutMsg: 'the error did not follow the language',
  });
  assert.equal(await browser.$('#import-title').getText(), 'Import');
  assert.equal(await browser.$('[data-testid="nav-issuers"]').getText(), 'Issuers');
  await screenshot(browser, 'language-errors-en');

  await browser.$('[data-testid="language"]').selectByAttribute('value', 'es');
  await browser.waitUntil(async () => (await error.getText()) === `${missing} no se pudo leer.`, { timeout: 5000 });
  assert.equal(await browser.$('[data-testid="nav-issuers"]').getText(), 'Emisores');
  await screenshot(browser, 'language-errors');
});
