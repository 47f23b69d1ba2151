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

  /** On the Committee screen of the demo: prepares session `number` on `date`, with
   * `members` present and `secretary` as its secretary, and puts DEMO-XX-03 on its agenda
   * (analyst M-ANA), waiting for the engine's indicative rating. `afterAttendance` runs
   * once attendance is set, before the item is added (to check the quorum, say). */
  async function prepareDemoSession({ number, date, members, secretary, afterAttendance }) {
    await current().waitUntil(async () => (await current().getTitle()) === 'Ratebook — demo.ratebook', {
      timeout: 60000,
      timeoutMsg: 'the demo workbook did not open at start',
    });
    await byTest('nav-committee').click();
    await fill('committee-new-number', number);
    await fill('committee-new-date', date);
    await byTest('committee-create').click();
    await waitText('committee-session-title', new RegExp(`${number} · en preparación`), 'the new session');
    for (const member of members) {
      await byTest(`committee-present-${member}`).click();
      await current().waitUntil(async () => byTest(`committee-present-${member}`).isSelected(), { timeout: 10000 });
    }
    await byTest('committee-secretary').selectByAttribute('value', secretary);
    if (afterAttendance) await afterAttendance();
    await fill('committee-item-subject', 'DEMO-XX-03');
    await byTest('committee-item-analyst').selectByAttribute('value', 'M-ANA');
    await fill('committee-item-cutoff', '2026-09-30');
    await fill('committee-item-sources', 'Estados financieros auditados 2023-2025 (ficticios)');
    await fill('committee-item-assumptions', 'Márgenes en línea con los tres últimos años (ficticio)');
    await byTest('committee-item-add').click();
    await waitText('committee-item-1-indicative', /^xxBB —/, 'the engine indicative rating');
  }

  return { byTest, fill, waitText, prepareDemoSession };
}
