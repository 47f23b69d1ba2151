// A session set up by mistake is abandoned, never deleted: abandoning it asks for the reason
// in a second step, an empty reason is refused next to the field (C-5, in Spanish), and once
// abandoned with a reason the draft is shown as abandoned, with its reason, and can no longer
// be edited, voted or closed; its session number can then be prepared again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshHome, launch, screenshot } from '../lib/app.mjs';
import { controls } from '../lib/controls.mjs';

const home = freshHome('committee-abandon');
let app;
before(async () => {
  app = await launch({ env: home.env, args: ['--demo'] });
});
after(async () => {
  await app?.close();
});

const { byTest, fill, waitText, prepareDemoSession } = controls(() => app.browser, 'committee-abandon');

test('a session is abandoned only with a reason, then shown as abandoned and no longer editable', async () => {
  await prepareDemoSession({ number: '180/2026', date: '2026-10-29', members: ['M-CARLA', 'M-PEDRO', 'M-ANA'], secretary: 'M-PEDRO' });

  // The first click only opens the confirmation step, whose reason field takes the focus.
  await waitText('committee-abandon', /^Abandonar sesión$/, 'the abandon action');
  await byTest('committee-abandon').click();
  await byTest('committee-abandon-reason').waitForDisplayed({ timeout: 10000 });
  await app.browser.waitUntil(
    async () => (await app.browser.execute(() => document.activeElement?.getAttribute('data-testid'))) === 'committee-abandon-reason',
    { timeout: 10000, timeoutMsg: 'the reason field did not take the focus' },
  );
  const label = await app.browser.execute(
    () => document.querySelector('label[for="committee-abandon-reason"]')?.textContent?.trim() ?? '',
  );
  assert.equal(label, 'Motivo para abandonar la sesión', 'the reason field is labelled');
  await waitText('committee-session-title', /180\/2026 · en preparación/, 'nothing is abandoned by the first click');

  // An empty reason is refused next to the field, in Spanish, rule id first.
  await fill('committee-abandon-reason', '   ');
  await byTest('committee-abandon-confirm').click();
  await waitText('committee-abandon-reason-error', /^C-5: indique por qué se abandona la sesión/, 'the refused empty reason');
  await waitText('committee-session-title', /180\/2026 · en preparación/, 'the refused abandon leaves the session in preparation');
  assert.equal(await byTest('committee-abandoned').isExisting(), false, 'not abandoned by the refusal');

  // With a reason the session is abandoned, and shown so with its reason.
  await fill('committee-abandon-reason', 'Fecha equivocada: el comité se reúne el 30 de octubre');
  await byTest('committee-abandon-confirm').click();
  await waitText('committee-session-title', /180\/2026 · abandonada/, 'the abandoned draft');
  await waitText('committee-abandoned', /Motivo: Fecha equivocada: el comité se reúne el 30 de octubre/, 'the reason shown');
  await screenshot(app.browser, 'committee-abandon');

  // No longer editable: the set-up is disabled, and there is nothing to add, vote, close or
  // abandon.
  for (const id of ['committee-number', 'committee-date', 'committee-secretary', 'committee-present-M-JORGE']) {
    assert.equal(await byTest(id).isEnabled(), false, `${id} is disabled`);
  }
  for (const id of [
    'committee-item-add',
    'committee-item-1-remove',
    'committee-close',
    'committee-close-undecided',
    'committee-abandon',
    'committee-abandon-form',
  ]) {
    assert.equal(await byTest(id).isExisting(), false, `${id} is gone`);
  }
  const listed = await app.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="committee-drafts"] option')].map((o) => o.textContent?.trim() ?? ''),
  );
  assert.ok(listed.includes('180/2026 · abandonada'), `listed as abandoned: ${listed.join(' | ')}`);
});

test('the number of an abandoned session can be prepared again', async () => {
  await fill('committee-new-number', '180/2026');
  await fill('committee-new-date', '2026-10-30');
  await byTest('committee-create').click();
  await waitText('committee-session-title', /180\/2026 · en preparación/, 'the new draft of the same session');
  assert.equal(await byTest('committee-create-error').isExisting(), false, 'no refusal of the number');
  assert.equal(await byTest('committee-number').isEnabled(), true, 'the new draft is editable');
  const listed = await app.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="committee-drafts"] option')].map((o) => o.textContent?.trim() ?? ''),
  );
  assert.ok(listed.includes('180/2026 · abandonada') && listed.includes('180/2026 · en preparación'), listed.join(' | '));
});
