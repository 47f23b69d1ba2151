// Journey 6: import issuers from an XLSX with one bad row: nothing is imported and the bad
// row is named (line, column, value, what is accepted). The XLSX is the CLI's own export of
// the demo, with one row renamed (a valid change) and one rating made invalid.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { cli, freshHome, launch, root, screenshot } from '../lib/app.mjs';

const home = freshHome('import');
const workbook = path.join(home.dir, 'demo.ratebook');
const exported = path.join(home.dir, 'issuers.xlsx');
const edited = path.join(home.dir, 'issuers-bad.xlsx');
let app;
before(async () => {
  execFileSync(cli, ['workbook', 'demo', '--out', workbook, '--fixtures', path.join(root, 'fixtures')]);
  execFileSync(cli, ['workbook', 'export', workbook, '--kind', 'issuers', '--to', exported]);
  // Row 2 (first data row) gets a new name; row 3 an unknown global LC rating (column G).
  execFileSync('python3', [path.join(root, 'e2e', 'lib', 'edit_xlsx_cells.py'), exported, edited, 'B2=Renamed By Test', 'G3=ZZZ']);
  app = await launch({ env: home.env, args: ['--workbook', workbook] });
});
after(async () => {
  await app?.close();
});

test('the bad row is listed and nothing is imported', async () => {
  const { browser } = app;
  await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 30000 });
  await browser.$('[data-testid="nav-import"]').click();
  await browser.$('[data-testid="import-kind"]').selectByAttribute('value', 'issuers');
  await browser.$('[data-testid="import-path"]').setValue(edited);
  await browser.$('[data-testid="import-run"]').click();
  const error = await browser.$('[data-testid="import-error"]');
  await error.waitForDisplayed({ timeout: 15000 });
  assert.equal(
    await error.getText(),
    '1 fila(s) con errores: no se importó nada. Corríjalas e importe el archivo de nuevo.',
  );
  const problems = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="import-problems"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent.trim()),
    ),
  );
  assert.equal(problems.length, 1);
  const [line, column, value, accepted] = problems[0];
  assert.deepEqual([line, column, value], ['3', 'global_lc', 'ZZZ']);
  assert.match(accepted, /AAA/);
  const headers = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="import-problems"] thead th')].map((th) => th.textContent.trim()),
  );
  assert.deepEqual(headers, ['Línea', 'Columna', 'Valor', 'Se acepta']);
  await screenshot(browser, 'import-bad-row');

  // The valid rename in the same file was not imported either.
  await browser.$('[data-testid="nav-issuers"]').click();
  await browser.$('[data-testid="issuers-search"]').setValue('Renamed By Test');
  await browser.waitUntil(async () => (await browser.$('[data-testid="issuers-count"]').getText()) === '0 emisores', {
    timeout: 10000,
    timeoutMsg: 'a row of the refused file was imported',
  });
});
