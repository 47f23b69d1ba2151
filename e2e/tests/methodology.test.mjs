// Methodology journey (C-7, N-2, N-13): open the demo, open a national spec as a new
// version, break an N-2 rule and see the message with N-2 next to the row, fix it, file
// the candidate, run its impact with a progress bar and read the affected ratings (the
// same numbers as the CLI's approval of the same file), then approve it; then see the
// titularización weights' own check (T-3) as they are typed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { cli, cliJson, freshHome, launch, root, screenshot } from '../lib/app.mjs';

const home = freshHome('methodology');
const workbook = path.join(home.dir, 'demo.ratebook');
const CANDIDATE = '2026-11-01.1';
const ON = '2026-11-20';
let app;
before(async () => {
  execFileSync(cli, ['workbook', 'demo', '--out', workbook, '--fixtures', path.join(root, 'fixtures')]);
  app = await launch({ env: home.env, args: ['--workbook', workbook] });
});
after(async () => {
  await app?.close();
});

const text = async (browser, testid) => (await browser.$(`[data-testid="${testid}"]`)).getText();

/** The rows of a table as the person reads them. */
const tableRows = (browser, testid) =>
  browser.execute(
    (id) =>
      [...document.querySelectorAll(`[data-testid="${id}"] tbody tr[data-id]`)].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
      ),
    testid,
  );

const rowState = (browser, id, version) =>
  browser.execute(
    (i, v) => document.querySelector(`[data-testid="methodology-row"][data-id="${i}"][data-version="${v}"]`)?.dataset.state ?? null,
    id,
    version,
  );

test('the section lists every methodology document by kind with its state and basis', async () => {
  const { browser } = app;
  await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 30000 });
  await browser.$('[data-testid="nav-methodology"]').click();
  await browser.$('[data-testid="methodology-row"]').waitForDisplayed({ timeout: 15000 });
  const listed = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="methodology-row"]')].map((tr) => tr.dataset.id),
  );
  for (const id of ['sp-xx-table1', 'sp-national-notching', 'class-titularizacion-default']) {
    assert.ok(listed.includes(id), `${id} listed in ${listed}`);
  }
  const xx = await browser.execute(() => {
    const tr = document.querySelector('[data-testid="methodology-row"][data-id="sp-xx-table1"]');
    return [...tr.querySelectorAll('td')].map((td) => td.textContent.trim());
  });
  assert.equal(xx[0], 'Equivalencia de escala nacional');
  assert.equal(xx[3], '08/06/2023', 'Ecuadorian date');
  assert.equal(xx[4], 'verificada');
  assert.equal(xx[5], 'aprobada');
});

test('a candidate that breaks N-2 shows the rule next to the row, and cannot be filed', async () => {
  const { browser } = app;
  await browser.$('[data-testid="methodology-row"][data-id="sp-xx-table1"] [data-testid="methodology-open"]').click();
  await browser.$('[data-testid="spec-editor"]').waitForDisplayed({ timeout: 10000 });
  // Unchanged, the version is the approved one: frozen (C-7), named at the version field.
  const frozen = await browser.$('[data-testid="finding-version"]');
  await frozen.waitForDisplayed({ timeout: 10000 });
  assert.match(await frozen.getText(), /^C-7/);
  await browser.$('[data-testid="spec-version"]').setValue(CANDIDATE);
  await browser.$('[data-testid="spec-effective_date"]').setValue('2026-11-01');
  await frozen.waitForDisplayed({ reverse: true, timeout: 10000 });
  // BB+ (row 3 of the file, rows[2]) skips a notch: xxAA then xxA+.
  await browser.$('[data-testid="spec-row-national-2"]').setValue('xxAA, xxA+');
  const broken = await browser.$('[data-testid="finding-rows[2]"]');
  await broken.waitForDisplayed({ timeout: 10000 });
  const message = await broken.getText();
  assert.match(message, /^N-2/, message);
  // The engine's finding itself, worded in Spanish from the catalogue (SPEC §7).
  assert.match(message, /rows\[2\]: la global BB\+ lista \[xxAA, xxA\+\]; las opciones deben ser escalones nacionales contiguos/, message);
  assert.doesNotMatch(message, /options must be/, message);
  assert.equal(await browser.$('[data-testid="finding-rows[2]"]').getAttribute('data-check'), 'contiguous');
  assert.equal(await browser.$('[data-testid="spec-save"]').isEnabled(), false);
  // Nothing typed is lost while the engine refuses it.
  assert.equal(await browser.$('[data-testid="spec-row-national-2"]').getValue(), 'xxAA, xxA+');
  assert.equal(await browser.$('[data-testid="spec-version"]').getValue(), CANDIDATE);
  await broken.scrollIntoView({ block: 'center' });
  await screenshot(browser, 'methodology-n2');
});

test('fixed, the candidate is filed as a draft', async () => {
  const { browser } = app;
  await browser.$('[data-testid="spec-row-national-2"]').setValue('xxAA-');
  await browser.$('[data-testid="finding-rows[2]"]').waitForDisplayed({ reverse: true, timeout: 10000 });
  await browser.waitUntil(async () => browser.$('[data-testid="spec-save"]').isEnabled(), {
    timeout: 10000,
    timeoutMsg: 'the save button never became enabled',
  });
  assert.match(await text(browser, 'spec-check-status'), /Sin errores/);
  await browser.$('[data-testid="spec-save"]').click();
  await browser.$('[data-testid="spec-saved"]').waitForDisplayed({ timeout: 10000 });
  assert.equal(await text(browser, 'spec-saved'), `Se guardó sp-xx-table1 versión ${CANDIDATE} como borrador.`);
  await browser.waitUntil(async () => (await rowState(browser, 'sp-xx-table1', CANDIDATE)) === 'draft', {
    timeout: 10000,
    timeoutMsg: 'the list never showed the draft',
  });
});

test('the impact analysis shows its progress and the affected ratings, as the CLI computes them', async () => {
  const { browser } = app;
  await browser.$('[data-testid="candidate-on"]').setValue(ON);
  await browser.$('[data-testid="impact-run"]').click();
  await browser.$('[data-testid="impact-table"]').waitForDisplayed({ timeout: 30000 });
  assert.equal(await text(browser, 'impact-progress-text'), '12 de 12 entidades recalificadas');
  assert.equal(await browser.$('[data-testid="impact-progress"]').getProperty('value'), 1);
  const rows = await tableRows(browser, 'impact-table');
  assert.ok(rows.length > 0, 'some ratings move');
  for (const r of rows) assert.equal(r[4], Number(r[3]) > 0 ? 'alza' : 'baja', `${r}`);

  // The same file, approved by the CLI on the same date: the same comparison, row for row.
  const copy = path.join(home.dir, 'copy.ratebook');
  copyFileSync(workbook, copy);
  if (existsSync(`${workbook}-wal`)) copyFileSync(`${workbook}-wal`, `${copy}-wal`);
  const approved = cliJson('methodology', 'approve', '--workbook', copy, '--version', `sp-xx-table1@${CANDIDATE}`, '--on', ON);
  const impact = approved.impact;
  assert.deepEqual(
    rows.map((r) => [r[0].split(' ')[0], r[1], r[2], r[3]]),
    impact.changes.map((c) => [c.id, c.from, c.to, c.notches > 0 ? `+${c.notches}` : String(c.notches)]),
  );
  assert.equal(await text(browser, 'impact-upgrades'), String(impact.upgrades));
  assert.equal(await text(browser, 'impact-downgrades'), String(impact.downgrades));
  const share = (impact.share_affected * 100).toFixed(2).replace('.', ',');
  assert.equal(await text(browser, 'impact-share'), `${share} %`);
  assert.match(await text(browser, 'impact-summary'), /^Frente a sp-xx-table1 2023-06-08\.1: cambian/);
});

test('approval needs an approver, then observes the changed ratings and retires the old version', async () => {
  const { browser } = app;
  await browser.$('[data-testid="approve-run"]').click();
  const refused = await browser.$('[data-testid="approve-error"]');
  await refused.waitForDisplayed({ timeout: 10000 });
  assert.match(await refused.getText(), /^approver:/);
  await browser.$('[data-testid="approve-approver"]').setValue('Ana Ruiz (ficticia)');
  await browser.$('[data-testid="approve-run"]').click();
  await browser.$('[data-testid="approve-done"]').waitForDisplayed({ timeout: 15000 });
  const done = await text(browser, 'approve-done');
  assert.match(done, new RegExp(`^sp-xx-table1 versión ${CANDIDATE} aprobada el 20/11/2026; retirada: 2023-06-08\\.1;`), done);
  const observed = await tableRows(browser, 'observation-table');
  assert.ok(observed.length > 0, 'ratings under observation');
  for (const o of observed) assert.equal(o[3], '20/05/2027', `six months' review deadline: ${o}`);
  await browser.waitUntil(async () => (await rowState(browser, 'sp-xx-table1', CANDIDATE)) === 'approved', {
    timeout: 10000,
    timeoutMsg: 'the list never showed the approval',
  });
  assert.equal(await rowState(browser, 'sp-xx-table1', '2023-06-08.1'), 'retired');
  await browser.$('[data-testid="observation-table"]').scrollIntoView({ block: 'end' });
  await screenshot(browser, 'methodology-approved');
});

test('titularización weights that do not sum to 100 % show T-3 next to the weights, with the sum', async () => {
  const { browser } = app;
  await browser.$('[data-testid="methodology-row"][data-id="class-titularizacion-default"] [data-testid="methodology-open"]').click();
  await browser.$('[data-testid="weights-editor"]').waitForDisplayed({ timeout: 10000 });
  await browser.$('[data-testid="weights-version"]').setValue('2026.2-candidate');
  await browser.waitUntil(async () => (await text(browser, 'weights-sum')) === '100,00 %', {
    timeout: 10000,
    timeoutMsg: 'the shipped weights did not sum to 100 %',
  });
  await browser.$('[data-testid="weight-2.9"]').setValue('5');
  const sum = await browser.$('[data-testid="finding-weights"]');
  await sum.waitForDisplayed({ timeout: 10000 });
  assert.match(await sum.getText(), /^T-3\s+metodología de titularizaciones: las ponderaciones suman 102,50? %; deben sumar exactamente 100 %/);
  assert.equal(await text(browser, 'weights-sum'), '102,50 %');
  assert.equal(await browser.$('[data-testid="weights-save"]').isEnabled(), false);
  // A weight that is not a number is named at its factor; what was typed stays.
  await browser.$('[data-testid="weight-2.9"]').setValue('abc');
  const factor = await browser.$('[data-testid="finding-weights.2.9"]');
  await factor.waitForDisplayed({ timeout: 10000 });
  assert.match(await factor.getText(), /^T-3\s+weights\."2\.9" = «abc» no es un número; una ponderación es un porcentaje/);
  assert.equal(await browser.$('[data-testid="weight-2.9"]').getValue(), 'abc');
  await browser.$('[data-testid="weight-2.9"]').setValue('2.5');
  await factor.waitForDisplayed({ reverse: true, timeout: 10000 });
  await browser.waitUntil(async () => browser.$('[data-testid="weights-save"]').isEnabled(), {
    timeout: 10000,
    timeoutMsg: 'the corrected weights never became valid',
  });
  await browser.$('[data-testid="weight-2.9"]').scrollIntoView({ block: 'center' });
  await screenshot(browser, 'methodology');
});
