// What the journeys do to the window's controls, by their `data-testid`: type as a person
// would, and wait for a text to show, saying on failure what was shown instead (with a
// screenshot). `current` returns the WebdriverIO browser in use, since a journey may
// relaunch the app.
import assert from 'node:assert/strict';
import { screenshot } from './app.mjs';

export function controls(current, name) {
  const byTest = (id) => current().$(`[data-testid="${id}"]`);

  /** Sets a text or date control as typing would (Svelte listens to `input`). */
  async function fill(id, value) {
    await byTest(id).waitForDisplayed({ timeout: 15000 });
    await current().execute(
      (testid, v) => {
        const el = document.querySelector(`[data-testid="${testid}"]`);
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      id,
      value,
    );
  }

  /** Waits until control `id` shows text matching `pattern`. */
  async function waitText(id, pattern, what) {
    let last = '(absent)';
    try {
      await current().waitUntil(
        async () => {
          const el = byTest(id);
          if (!(await el.isExisting())) return false;
          last = await el.getText();
          return pattern.test(last);
        },
        { timeout: 30000 },
      );
    } catch {
      await screenshot(current(), `${name}-${id}`);
      assert.fail(`${what}: ${id} never matched ${pattern}; it showed: ${last}`);
    }
  }

  return { byTest, fill, waitText };
}
