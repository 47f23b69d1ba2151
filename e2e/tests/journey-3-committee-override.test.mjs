// Journey 3: run a committee session with an override in the window. Open the demo, set up
// a session, take attendance until the quorum is met, put an issuer on the agenda with the
// engine's indicative rating, vote sealed (the session survives closing the app halfway),
// reveal, then record an override: refused without a justification (C-3 next to the
// justification field), accepted with it; close the session and find the decision in the
// rating history.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshHome, launch, screenshot } from '../lib/app.mjs';

const home = freshHome('committee');
let app;
before(async () => {
  app = await launch({ env: home.env, args: ['--demo'] });
});
after(async () => {
  await app?.close();
});

const $ = (selector) => app.browser.$(selector);
const byTest = (id) => $(`[data-testid="${id}"]`);

/** Sets a text, date or textarea control as typing would (Svelte listens to `input`). */
async function fill(id, value, change = false) {
  await byTest(id).waitForDisplayed({ timeout: 15000 });
  await app.browser.execute(
    (testid, v, fireChange) => {
      const el = document.querySelector(`[data-testid="${testid}"]`);
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      if (fireChange) el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    id,
    value,
    change,
  );
}

async function textOf(id) {
  const el = byTest(id);
  await el.waitForDisplayed({ timeout: 15000 });
  return el.getText();
}

async function waitText(id, pattern, what) {
  await app.browser.waitUntil(
    async () => {
      const el = byTest(id);
      return (await el.isExisting()) && pattern.test(await el.getText());
    },
    { timeout: 20000, timeoutMsg: `${what}: ${id} never matched ${pattern}` },
  );
}

async function openCommittee() {
  await app.browser.waitUntil(async () => (await app.browser.getTitle()) === 'Ratebook — demo.ratebook', {
    timeout: 60000,
    timeoutMsg: 'the demo workbook never opened',
  });
  await byTest('nav-committee').click();
  await byTest('committee-create').waitForDisplayed({ timeout: 15000 });
}

const ITEM = 'committee-item-1';

test('a session is set up and the quorum is counted live', async () => {
  await openCommittee();
  await fill('committee-new-number', '178/2026');
  // Dates are written day first in Spanish, whatever the system's locale; a date the
  // calendar lacks is said next to the field and the text typed stays.
  await fill('committee-new-date', '31/02/2026');
  await waitText('committee-new-date-invalid', /^No es una fecha: escriba día\/mes\/año/, 'the impossible date');
  assert.equal(await byTest('committee-new-date').getValue(), '31/02/2026');
  await fill('committee-new-date', '29/10/2026');
  await app.browser.waitUntil(async () => !(await byTest('committee-new-date-invalid').isExisting()), {
    timeout: 10000,
    timeoutMsg: 'the date refusal stayed',
  });
  await byTest('committee-create').click();
  await waitText('committee-session-title', /178\/2026/, 'the new session');
  assert.equal(await byTest('committee-date').getValue(), '29/10/2026', 'the session date, day first');
  assert.equal(await byTest('committee-quorum').getAttribute('data-met'), 'false');
  for (const member of ['M-CARLA', 'M-JORGE', 'M-PEDRO', 'M-ANA']) {
    await byTest(`committee-present-${member}`).click();
    await app.browser.waitUntil(async () => byTest(`committee-present-${member}`).isSelected(), { timeout: 10000 });
  }
  // Two voting members (the chair and one member): C-2 says no quorum, next to attendance.
  await waitText('committee-quorum', /No hay quórum: 2/, 'two voting members');
  await byTest('committee-present-M-SOFIA').click();
  await waitText('committee-quorum', /Hay quórum: 3/, 'three voting members');
  assert.equal(await byTest('committee-quorum').getAttribute('data-met'), 'true');
  await byTest('committee-secretary').selectByAttribute('value', 'M-PEDRO');
  await app.browser.waitUntil(async () => !(await byTest('committee-secretary-error').isExisting()), {
    timeout: 10000,
    timeoutMsg: 'the secretary refusal stayed',
  });
});

test('an agenda item carries the engine indicative rating; a subject not in the workbook is refused next to it', async () => {
  await fill('committee-item-subject', 'DEMO-NOPE');
  await byTest('committee-item-analyst').selectByAttribute('value', 'M-ANA');
  await fill('committee-item-cutoff', '30/09/2026');
  await fill('committee-item-recommendation', 'xxBB+');
  await fill('committee-item-sources', 'Audited financial statements 2023-2025 (fictional)');
  await fill('committee-item-assumptions', 'Margins in line with the last three years (fictional)');
  await byTest('committee-item-add').click();
  await waitText('committee-item-subject-error', /^C-2: subject\.id «DEMO-NOPE» no está en el libro/, 'the unknown subject');
  // Nothing typed is lost.
  assert.equal(await byTest('committee-item-sources').getValue(), 'Audited financial statements 2023-2025 (fictional)');
  await fill('committee-item-subject', 'DEMO-XX-03');
  await byTest('committee-item-add').click();
  await waitText(`${ITEM}-indicative`, /^xxBB —/, 'the engine indicative rating');
  assert.match(await textOf(`${ITEM}-indicative`), /N-3/);
});

test('votes are sealed and the session survives closing the app', async () => {
  for (const [member, rating] of [
    ['M-CARLA', 'xxBB+'],
    ['M-JORGE', 'xxBB+'],
  ]) {
    await byTest(`${ITEM}-rating-${member}`).selectByAttribute('value', rating);
    await byTest(`${ITEM}-cast-${member}`).click();
    await byTest(`${ITEM}-voted-${member}`).waitForDisplayed({ timeout: 10000 });
  }
  await waitText(`${ITEM}-sealed`, /2 de 3/, 'two sealed votes');
  assert.equal(await byTest(`${ITEM}-reveal`).isEnabled(), false);
  assert.equal(await byTest(`${ITEM}-votes`).isExisting(), false, 'no vote is shown before the reveal');

  await app.close();
  app = await launch({ env: home.env, args: ['--demo'] });
  await openCommittee();
  await waitText('committee-session-title', /178\/2026/, 'the session after a restart');
  await waitText(`${ITEM}-sealed`, /2 de 3/, 'the sealed votes after a restart');
  assert.equal(await byTest('committee-quorum').getAttribute('data-met'), 'true');
  assert.ok(await byTest(`${ITEM}-voted-M-CARLA`).isDisplayed());
});

test('the last vote is cast and every vote is revealed together', async () => {
  await byTest(`${ITEM}-rating-M-SOFIA`).selectByAttribute('value', 'xxBB');
  await fill(`${ITEM}-comment-M-SOFIA`, 'I would wait for the audited 2026 statements (fictional).');
  await byTest(`${ITEM}-cast-M-SOFIA`).click();
  await byTest(`${ITEM}-voted-M-SOFIA`).waitForDisplayed({ timeout: 10000 });
  await byTest(`${ITEM}-reveal`).click();
  const table = byTest(`${ITEM}-votes`);
  await table.waitForDisplayed({ timeout: 10000 });
  const rows = await app.browser.execute(
    (id) => [...document.querySelectorAll(`[data-testid="${id}"] tbody tr`)].map((r) => r.textContent),
    `${ITEM}-votes`,
  );
  assert.equal(rows.length, 3);
  // The majority departs from the indicative rating: C-3 asks for an override.
  await waitText(`${ITEM}-override-error`, /^C-3/, 'the override requirement');
});

const JUSTIFICATION =
  'The insurer placed its catastrophe programme with two reinsurers rated in the A range after the mapping inputs were fixed, which halves the retained loss on a one-in-two-hundred-year event and lifts its regulatory solvency margin well above the peer median.';

test('an override without justification is refused next to the justification field and accepted with it', async () => {
  await byTest(`${ITEM}-reason`).selectByAttribute('value', 'QUAL-INFO');
  await fill(`${ITEM}-factors`, 'Capital and reinsurance protection (fictional)');
  await byTest(`${ITEM}-override-save`).click();
  await waitText(`${ITEM}-justification-error`, /^C-3: punto 1: la justificación del override \(override\.justification\) está vacía/, 'the empty justification');
  // The refusal sits next to the justification field, and what was typed is kept.
  const next = await app.browser.execute(
    (id) => document.querySelector(`[data-testid="${id}"]`).nextElementSibling?.dataset.testid,
    `${ITEM}-justification`,
  );
  assert.equal(next, `${ITEM}-justification-error`);
  assert.equal(await byTest(`${ITEM}-factors`).getValue(), 'Capital and reinsurance protection (fictional)');
  assert.equal(await byTest(`${ITEM}-reason`).getValue(), 'QUAL-INFO');
  // The refusal follows a language switch.
  await byTest('language').selectByAttribute('value', 'en');
  await waitText(`${ITEM}-justification-error`, /^C-3: item 1 field override\.justification is empty/, 'the refusal in English');
  assert.equal(await byTest('committee-date').getValue(), '2026-10-29', 'the session date in English');
  await byTest('language').selectByAttribute('value', 'es');
  await waitText(`${ITEM}-justification-error`, /^C-3: punto 1: la justificación del override \(override\.justification\) está vacía/, 'the refusal in Spanish again');
  assert.equal(await byTest('committee-date').getValue(), '29/10/2026', 'the session date in Spanish again');
  // Closing now is refused too: nothing is recorded.
  await byTest('committee-close').click();
  await waitText('committee-close-error', /^C-3/, 'closing with a refused override');

  await fill(`${ITEM}-justification`, JUSTIFICATION);
  await byTest(`${ITEM}-override-save`).click();
  await waitText(`${ITEM}-outcome`, /Al cerrar: xxBB\+; override de 1/, 'the decision preview');
  assert.equal(await byTest(`${ITEM}-justification-error`).isExisting(), false);
});

test('closing records the session and the decision appears in the rating history', async () => {
  await byTest('committee-close').click();
  await waitText('committee-recorded', /Sesión 178\/2026 registrada/, 'the recorded session');
  await byTest('committee-history').waitForDisplayed({ timeout: 15000 });
  const rows = await app.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="committee-history-row"]')].map((r) => ({
      session: r.dataset.session,
      text: r.textContent,
    })),
  );
  const decided = rows.find((r) => r.session === '178/2026');
  assert.ok(decided, JSON.stringify(rows));
  assert.match(decided.text, /xxBB\+/);
  assert.match(decided.text, /sí/, 'flagged as an override');
  // The surveillance calendar (C-8): the new rating is due for review twelve months later.
  await fill('committee-due-as-of', '2027-11-01');
  await byTest('committee-due-show').click();
  await byTest('committee-due').waitForDisplayed({ timeout: 15000 });
  const due = await app.browser.execute(
    () => document.querySelector('[data-testid="committee-due-row"][data-subject="DEMO-XX-03"]')?.textContent ?? '',
  );
  assert.match(due, /29\/10\/2027/);
  assert.match(due, /Vencida/);
  await byTest('committee-history').scrollIntoView();
  await screenshot(app.browser, 'journey-3-committee-override');
});
