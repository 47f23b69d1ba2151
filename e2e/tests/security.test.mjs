// Security from day one: commands need an explicit permission; the CSP blocks injected
// inline script.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { invokeInPage, launch } from '../lib/app.mjs';

let app;
before(async () => {
  app = await launch();
  await app.browser.$('[data-testid="scale-table"]').waitForDisplayed({ timeout: 15000 });
});
after(async () => {
  await app?.close();
});

test('a granted command answers (control for the refusal below)', async () => {
  const res = await invokeInPage(app.browser, 'global_scale');
  assert.equal(res.ok, true, res.reason);
  assert.equal(res.value.rows[0].symbol, 'AAA');
});

test('a command without permission in capabilities/ is refused', async () => {
  // Core commands exist in every Tauri app but are not granted to Ratebook's window.
  const refused = [
    ['plugin:window|close', {}],
    ['plugin:app|version', {}],
    ['plugin:path|resolve_directory', { directory: 1 }],
  ];
  for (const [command, args] of refused) {
    const res = await invokeInPage(app.browser, command, args);
    assert.equal(res.ok, false, `${command} should be refused`);
    assert.match(res.reason, /not allowed/i, res.reason);
  }
  // The window is still there: the refused close did nothing.
  assert.equal(await app.browser.getTitle(), 'Ratebook');
});

test('the CSP blocks an injected inline script and inline handler', async () => {
  const { browser } = app;
  const result = await browser.executeAsync((done) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    window.__controlRan = true; // WebDriver's own script runs: the probe itself works
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.appendChild(s);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__handlerRan = true');
    img.src = 'data:image/png;base64,broken';
    document.body.appendChild(img);
    setTimeout(
      () =>
        done({
          control: window.__controlRan === true,
          inline: window.__inlineRan === true,
          handler: window.__handlerRan === true,
          violations,
        }),
      500,
    );
  });
  assert.equal(result.control, true);
  assert.equal(result.inline, false, 'inline <script> must not run');
  assert.equal(result.handler, false, 'inline event handler must not run');
  assert.ok(result.violations.some((d) => d.startsWith('script-src')), JSON.stringify(result.violations));
});
