// A titularización on the committee's agenda, in the window: record the analysis on the
// deal's screen, then put one of its classes on a session's agenda and read the class
// category the engine computes with that analysis on the session's date (C-2, T-6, T-12).
// Without a recorded analysis the class is refused next to the subject, saying where to
// record one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshHome, launch, screenshot } from '../lib/app.mjs';
import { controls } from '../lib/controls.mjs';

const home = freshHome('titularizacion-committee');
let app;
before(async () => {
  app = await launch({ env: home.env, args: ['--demo'] });
});
after(async () => {
  await app?.close();
});

const { byTest, fill, waitText } = controls(() => app.browser, 'titularizacion-committee');

async function setUpSession() {
  await byTest('nav-committee').click();
  await fill('committee-new-number', '178/2026');
  await fill('committee-new-date', '2026-10-15');
  await byTest('committee-create').click();
  await waitText('committee-session-title', /178\/2026/, 'the new session');
  for (const member of ['M-CARLA', 'M-JORGE', 'M-SOFIA', 'M-PEDRO', 'M-ANA']) {
    await byTest(`committee-present-${member}`).click();
    await app.browser.waitUntil(async () => byTest(`committee-present-${member}`).isSelected(), { timeout: 10000 });
  }
  await waitText('committee-quorum', /Hay quórum/, 'the quorum');
}

async function addClass() {
  await byTest('committee-item-kind').selectByAttribute('value', 'class');
  await fill('committee-item-subject', 'DEMO-TIT-CARTERA/A1');
  await byTest('committee-item-analyst').selectByAttribute('value', 'M-ANA');
  await fill('committee-item-cutoff', '2026-06-30');
  await fill('committee-item-sources', 'Informes del agente de manejo (ficticios)');
  await fill('committee-item-assumptions', 'Recaudación en línea con el histórico (ficticio)');
  await byTest('committee-item-add').click();
}

test('a class without a recorded analysis is refused next to the subject, saying where to record one', async () => {
  await app.browser.waitUntil(async () => (await app.browser.getTitle()) === 'Ratebook — demo.ratebook', {
    timeout: 60000,
    timeoutMsg: 'the demo workbook did not open at start',
  });
  await setUpSession();
  await addClass();
  await waitText('committee-item-subject-error', /^C-2: punto \d+, campo subject\.analysis: no hay un análisis registrado para la titularización «[^»]+»: regístrelo en su pantalla/, 'the class without an analysis');
  assert.equal(await byTest('committee-item-1-indicative').isExisting(), false);
});

test('the analysis recorded on the deal’s screen is kept, and the form starts from it', async () => {
  await byTest('nav-titularizaciones').click();
  await byTest('tit-search').waitForDisplayed({ timeout: 15000 });
  await byTest('tit-search').setValue('cartera');
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="tit-row"]')).length === 1, {
    timeout: 10000,
    timeoutMsg: 'the search did not find the credit-portfolio deal',
  });
  await byTest('tit-row').click();
  await byTest('tit-tab-analysis').click();
  await waitText('an-record-state', /Aún no hay un análisis registrado/, 'no analysis yet');
  await fill('an-committee-date', '2026-10-15');
  for (const id of ['an-valid-1', 'an-valid-2']) {
    if (!(await byTest(id).isSelected())) await byTest(id).click();
  }
  await fill('an-shock-volume', '0,3');
  await fill('an-paths', '1000');
  await fill('an-seed', '7');
  await byTest('an-record').click();
  await waitText('an-record-state', /Análisis registrado/, 'the recorded analysis');

  // Reopened, the deal's form starts from what was recorded.
  await app.close();
  app = await launch({ env: home.env, args: ['--demo'] });
  await byTest('nav-titularizaciones').click();
  await byTest('tit-search').waitForDisplayed({ timeout: 15000 });
  await byTest('tit-search').setValue('cartera');
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="tit-row"]')).length === 1, {
    timeout: 10000,
    timeoutMsg: 'the search did not find the credit-portfolio deal after a restart',
  });
  await byTest('tit-row').click();
  await byTest('tit-tab-analysis').click();
  await waitText('an-record-state', /Hay un análisis registrado/, 'the analysis after a restart');
  assert.equal(await byTest('an-paths').getValue(), '1000');
  assert.equal(await byTest('an-shock-volume').getValue(), '0.3');
});

test('the class goes on the agenda with the category the engine computes from the recorded analysis', async () => {
  await byTest('nav-committee').click();
  await waitText('committee-session-title', /178\/2026/, 'the session being prepared');
  await addClass();
  await waitText('committee-item-1-indicative', /^(AAA|AA|A|B|C|D|E)[+-]? —/, 'the class category');
  const shown = await byTest('committee-item-1-indicative').getText();
  assert.match(shown, /T-\d+/, 'the indicative summary cites the titularización rules');
  await screenshot(app.browser, 'titularizacion-committee');
});
