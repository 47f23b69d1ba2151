// A session whose agenda cannot be decided is still minuted: without quorum the usual close
// is refused (C-2, next to the close button, in Spanish), and after an explicit second click
// the session is recorded with its item left without a decision, as `ratebook committee
// run` records it; its acta can then be generated (R-5).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freshHome, launch, screenshot } from '../lib/app.mjs';
import { controls } from '../lib/controls.mjs';

const home = freshHome('committee-no-quorum');
let app;
before(async () => {
  app = await launch({ env: home.env, args: ['--demo'] });
});
after(async () => {
  await app?.close();
});

const { byTest, fill, waitText, prepareDemoSession } = controls(() => app.browser, 'committee-no-quorum');

test('without quorum the session is refused, then recorded with its item undecided on a second click', async () => {
  // One voting member (the chair), the secretary and the analyst: no quorum.
  await prepareDemoSession({
    number: '179/2026',
    date: '2026-10-29',
    members: ['M-CARLA', 'M-PEDRO', 'M-ANA'],
    secretary: 'M-PEDRO',
    afterAttendance: () => waitText('committee-quorum', /No hay quórum/, 'no quorum'),
  });

  await byTest('committee-close').click();
  await waitText('committee-close-error', /^C-2/, 'the refused close');
  assert.equal(await byTest('committee-recorded').isExisting(), false, 'nothing is recorded by the refused close');
  await waitText('committee-close-undecided', /Registrar la sesión con 1 punto\(s\) sin decisión/, 'the offer');
  await byTest('committee-close-undecided').click();
  await byTest('committee-close-undecided-confirm').waitForDisplayed({ timeout: 10000 });
  await byTest('committee-close-undecided-confirm').click();
  await waitText('committee-recorded', /Sesión 179\/2026 registrada/, 'the recorded session');
  await waitText('committee-session-title', /179\/2026 · registrada/, 'the closed draft');
  await screenshot(app.browser, 'committee-no-quorum');
});

test('the acta of the session without quorum is generated in the window', async () => {
  await byTest('nav-reports').click();
  await byTest('reports-kind-acta').waitForDisplayed({ timeout: 15000 });
  await byTest('reports-kind-acta').click();
  await byTest('reports-session').waitForDisplayed({ timeout: 10000 });
  await app.browser.waitUntil(
    async () =>
      app.browser.execute(() =>
        [...document.querySelectorAll('[data-testid="reports-session"] option')].some((o) => o.value === '179/2026'),
      ),
    { timeout: 15000, timeoutMsg: 'session 179/2026 is not offered for an acta' },
  );
  await byTest('reports-session').selectByAttribute('value', '179/2026');
  const acta = path.join(home.dir, 'acta-179-2026.pdf');
  await byTest('reports-path').setValue(acta);
  await byTest('reports-generate-path').click();
  await byTest('reports-generated').waitForDisplayed({ timeout: 60000 });
  assert.ok(existsSync(acta));
  const text = execFileSync('pdftotext', [acta, '-'], { encoding: 'utf8' });
  assert.match(text, /179\/2026/);
  assert.match(text, /DEMO-XX-03|Seguros Faro/);
  assert.match(text.replace(/\s+/g, ' '), /no hubo quórum: se requieren 3 miembros con voto/);
});
