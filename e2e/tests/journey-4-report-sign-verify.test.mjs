// Journey 4: open the demo, generate a decision's committee report, sign it as the demo
// members (a wrong passphrase first: refused next to the field, nothing lost), verify it in
// the window (all signatures valid, shown one by one), check the saved file independently
// with poppler's pdfsig and `ratebook verify`, and open it with the system's viewer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { cli, cliJson, freshHome, invokeInPage, launch, root, screenshot } from '../lib/app.mjs';

const home = freshHome('journey-4');
const demo = path.join(home.env.XDG_DATA_HOME, 'ec.ratebook.desktop', 'demo.ratebook');
const report = path.join(home.dir, 'informe-comite.pdf');
const DEMO_PASSPHRASE = 'demo-only-passphrase-not-a-secret';

// A stand-in for the desktop's viewer (xdg-open is what the app's opener calls first):
// it records the file it was asked to open.
const bin = path.join(home.dir, 'bin');
const opened = path.join(home.dir, 'opened.txt');
mkdirSync(bin, { recursive: true });
writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
chmodSync(path.join(bin, 'xdg-open'), 0o755);

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const text = async (browser, testid) => (await browser.$(`[data-testid="${testid}"]`).getText()).trim();

let app;
before(async () => {
  app = await launch({ env: { ...home.env, PATH: `${bin}:${process.env.PATH}` } });
});
after(async () => {
  await app?.close();
});

test('the demo opens and its committee session is on record', async () => {
  const { browser } = app;
  await browser.$('[data-testid="nav-workbook"]').click();
  await browser.$('[data-testid="workbook-demo"]').waitForDisplayed({ timeout: 15000 });
  await browser.$('[data-testid="workbook-demo"]').click();
  await browser.waitUntil(async () => (await browser.getTitle()) === 'Ratebook — demo.ratebook', {
    timeout: 60000,
    timeoutMsg: 'the title never named demo.ratebook',
  });
  // The demo's older decisions were loaded without the engine's result; its session
  // 177/2026 was decided by the engine when the app built the demo (nothing is run
  // outside the window), so the Reports screen offers its decisions.
  assert.ok(existsSync(demo), `the app built its demo at ${demo}`);
});

test('a decision’s committee report is generated to a typed path and filed', async () => {
  const { browser } = app;
  await browser.$('[data-testid="nav-reports"]').click();
  const select = await browser.$('[data-testid="reports-decision"]');
  await select.waitForDisplayed({ timeout: 15000 });
  // The first decision that can have a report (decisions without a stored result are disabled).
  let value = null;
  await browser.waitUntil(async () => {
    value = await browser.execute(
      () => [...document.querySelectorAll('[data-testid="reports-decision"] option')].find((o) => !o.disabled)?.value ?? null,
    );
    return value !== null;
  }, { timeout: 10000, timeoutMsg: 'no decision can have a report' });
  await select.selectByAttribute('value', value);
  assert.match(await browser.execute(() => document.querySelector('[data-testid="reports-decision"]').selectedOptions[0].textContent), /177\/2026/);
  await browser.$('[data-testid="reports-path"]').setValue(report);
  await browser.$('[data-testid="reports-generate-path"]').click();
  const done = await browser.$('[data-testid="reports-generated"]');
  await done.waitForDisplayed({ timeout: 60000 });
  assert.match(await done.getText(), /Documento guardado en .*informe-comite\.pdf/);
  assert.ok(existsSync(report));
  assert.equal(readFileSync(report).subarray(0, 8).toString(), '%PDF-1.7');
});

test('a wrong passphrase is refused next to its field and nothing is signed or lost', async () => {
  const { browser } = app;
  const signer = await browser.$('[data-testid="reports-signer"]');
  await signer.waitForDisplayed({ timeout: 15000 });
  assert.match(await browser.execute(() => document.querySelector('[data-testid="reports-signer"]').selectedOptions[0].textContent), /^Certificación: /);
  assert.equal(await browser.$('[data-testid="reports-key-demo"]').isSelected(), true);
  assert.match(await text(browser, 'reports-demo-note'), new RegExp(DEMO_PASSPHRASE));
  const before = sha256(report);
  await browser.$('[data-testid="reports-passphrase"]').setValue('not-the-passphrase');
  await browser.$('[data-testid="reports-sign"]').click();
  const error = await browser.$('[data-testid="reports-error-passphrase"]');
  await error.waitForDisplayed({ timeout: 60000 });
  assert.match(await error.getText(), /^Contraseña incorrecta: la clave .*\.p12 no se abrió con ella\. No se firmó nada\.$/);
  // The error is tied to the field for assistive technology, and the typed text is kept.
  const field = await browser.$('[data-testid="reports-passphrase"]');
  assert.equal(await field.getAttribute('aria-describedby'), 'reports-error-passphrase');
  assert.equal(await field.getValue(), 'not-the-passphrase');
  assert.equal(sha256(report), before, 'a refused signature must leave the file as it was');
  assert.equal(await browser.$('[data-testid="reports-signed"]').isExisting(), false);
});

test('the general manager certifies and the chair fills the prepared field', async () => {
  const { browser } = app;
  await browser.$('[data-testid="reports-passphrase"]').setValue(DEMO_PASSPHRASE);
  await browser.$('[data-testid="reports-sign"]').click();
  const signed = await browser.$('[data-testid="reports-signed"]');
  await signed.waitForDisplayed({ timeout: 60000 });
  assert.match(await signed.getText(), /^Certificado por .* \(campo certification\); la decisión queda inmutable\.$/);
  assert.equal(await browser.$('[data-testid="reports-error-passphrase"]').isExisting(), false);
  // Next: the chair's approval, into the field the certification pre-created.
  await browser.waitUntil(
    async () => /^Aprobación: Carla Demo/.test(await browser.execute(() => document.querySelector('[data-testid="reports-signer"]')?.selectedOptions[0]?.textContent ?? '')),
    { timeout: 10000, timeoutMsg: 'the chair is not offered as the next signer' },
  );
  assert.equal(await browser.$('[data-testid="reports-passphrase"]').getValue(), '', 'the passphrase is not kept after signing');
  await browser.$('[data-testid="reports-passphrase"]').setValue(DEMO_PASSPHRASE);
  await browser.$('[data-testid="reports-sign"]').click();
  await browser.$('[data-testid="reports-complete"]').waitForDisplayed({ timeout: 60000 });
  assert.match(await text(browser, 'reports-signed'), /^Firmado por Carla Demo .* en el campo m-carla\.$/);
  const fields = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="reports-fields"] span')].map((s) => s.textContent.trim()),
  );
  assert.deepEqual(fields, ['certification: firmado', 'm-carla: firmado']);
});

test('verifying in the window shows every signature valid, one by one, trusted by the demo CA', async () => {
  const { browser } = app;
  assert.equal(await browser.$('[data-testid="reports-verify-path"]').getValue(), report);
  await browser.$('[data-testid="reports-verify"]').click();
  const verdict = await browser.$('[data-testid="reports-verdict"]');
  await verdict.waitForDisplayed({ timeout: 30000 });
  assert.equal(await verdict.getText(), 'Todas las firmas son válidas (2).');
  assert.equal(await text(browser, 'reports-trust-summary'), 'Todos los firmantes tienen certificados de la CA de confianza.');
  const rows = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="reports-signature"]')].map((r) =>
      Object.fromEntries([...r.querySelectorAll('td')].map((c) => [c.dataset.col, c.textContent.replace(/\s+/g, ' ').trim()])),
    ),
  );
  assert.equal(rows.length, 2);
  const [cert, approval] = rows;
  assert.equal(cert.field, 'certification');
  assert.equal(cert.kind, 'Certificación (DocMDP P=2)');
  assert.equal(cert.covers, 'Siguen revisiones posteriores');
  assert.equal(approval.field, 'm-carla');
  assert.equal(approval.kind, 'Aprobación');
  assert.match(approval.signer, /^Carla Demo/);
  assert.equal(approval.covers, 'Todo el archivo');
  for (const row of rows) {
    assert.equal(row.intact, 'Sí');
    assert.equal(row.changes, 'Sí');
    assert.match(row.trust, /^Confiable: Ratebook Demo CA \(fictional, not for real use\)$/);
    assert.match(row.time, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} UTC$/);
  }
  assert.notEqual(cert.signer, approval.signer);
});

test('the saved file is valid for pdfsig and for ratebook verify', () => {
  const out = execFileSync('pdfsig', [report], { encoding: 'utf8' });
  // pdfsig exits 0 even on a broken signature: read what it says.
  assert.equal((out.match(/Signature Validation: Signature is Valid\./g) ?? []).length, 2, out);
  assert.doesNotMatch(out, /Invalid|Mismatch/, out);
  assert.match(out, /Signer Certificate Common Name: Carla Demo/);
  const verified = cliJson('verify', report);
  assert.equal(verified.ok, true);
  assert.deepEqual(verified.signatures.map((s) => [s.field, s.intact, s.certification]), [
    ['certification', true, 2],
    ['m-carla', true, null],
  ]);
});

test('the file opens with the system’s viewer, and only files the app wrote are opened', async () => {
  const { browser } = app;
  await browser.$('[data-testid="reports-open"]').click();
  await browser.waitUntil(() => existsSync(opened) && readFileSync(opened, 'utf8').includes(report), {
    timeout: 15000,
    timeoutMsg: 'the viewer was not asked to open the report',
  });
  assert.equal(readFileSync(opened, 'utf8').trim(), report);
  assert.equal(await browser.$('[data-testid="reports-error-open"]').isExisting(), false);
  const refused = await invokeInPage(browser, 'report_open', { path: demo });
  assert.equal(refused.ok, false);
  assert.equal(readFileSync(opened, 'utf8').trim(), report, 'nothing else was opened');
  // The opener plugin's own commands do not exist for the window.
  const plugin = await invokeInPage(browser, 'plugin:opener|open_path', { path: report });
  assert.equal(plugin.ok, false);
  await browser.$('[data-testid="reports-verdict"]').scrollIntoView();
  await screenshot(browser, 'journey-4-report-sign-verify');
});
