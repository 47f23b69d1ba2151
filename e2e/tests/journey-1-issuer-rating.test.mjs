// Journey 1: open the demo, find an issuer, read its national rating and the trace step of
// the holistic adjustment (N-5); change the adjustment in the analyst's form and see the
// rating recomputed; an out-of-range adjustment is refused next to the field with its
// rule, and nothing typed is lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshHome, launch, screenshot } from '../lib/app.mjs';

const home = freshHome('journey-1');
let app;
before(async () => {
  app = await launch({ env: home.env });
});
after(async () => {
  await app?.close();
});

const text = async (browser, testid) => (await browser.$(`[data-testid="${testid}"]`)).getText();

/** The trace as shown: one object per step, read from the table's cells. */
const traceSteps = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="trace-step"]')].map((row) => {
      const cell = (id) => row.querySelector(`[data-testid="${id}"]`).textContent.trim();
      return {
        rule: cell('trace-rule'),
        section: cell('trace-section'),
        before: cell('trace-before'),
        after: cell('trace-after'),
        reason: cell('trace-reason'),
      };
    }),
  );

async function holisticStep(browser) {
  const steps = await traceSteps(browser);
  const n5 = steps.filter((s) => s.rule === 'N-5');
  assert.equal(n5.length, 1, JSON.stringify(steps));
  return n5[0];
}

test('the demo opens and the issuer is found by searching its name', async () => {
  const { browser } = app;
  await browser.$('[data-testid="nav-workbook"]').click();
  await browser.$('[data-testid="workbook-demo"]').waitForDisplayed({ timeout: 15000 });
  await browser.$('[data-testid="workbook-demo"]').click();
  await browser.waitUntil(async () => (await browser.getTitle()) === 'Ratebook — demo.ratebook', {
    timeout: 60000,
    timeoutMsg: 'the demo did not open',
  });
  await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 15000 });
  await browser.$('[data-testid="issuers-search"]').setValue('Meridiano');
  await browser.waitUntil(async () => (await text(browser, 'issuers-count')) === '1 emisores', { timeout: 10000 });
  await browser.$('[data-testid="issuer-row"]').click();
  await browser.$('[data-testid="rating-final"]').waitForDisplayed({ timeout: 15000 });
  assert.equal(await text(browser, 'issuer-detail-title'), 'Emisor DEMO-XX-02');
});

test('the national rating is the engine result, and the trace shows the holistic step (N-5)', async () => {
  const { browser } = app;
  assert.match(await text(browser, 'rating-spec'), /^sp-xx-table1 versión \S+/);
  // Table 1 of seed 001: global BB- maps to xxA- or xxBBB+ (N-3).
  assert.equal(await text(browser, 'rating-options'), 'xxA-, xxBBB+');
  const selected = await text(browser, 'rating-selected');
  const final = await text(browser, 'rating-final');
  assert.ok(['xxA-', 'xxBBB+'].includes(selected), selected);
  assert.notEqual(final, selected, 'the stored +1 holistic adjustment moves the rating');
  assert.equal(await text(browser, 'issuer-detail-national'), final);

  const step = await holisticStep(browser);
  assert.equal(step.before, selected);
  assert.equal(step.after, final);
  assert.match(step.section, /^001 /);
  // The window is in Spanish: the reason is worded from the trace catalogue, the
  // rationale as the analyst typed it (SPEC §7).
  assert.match(step.reason, /ajuste holístico \+1: Deposit franchise and funding stability stronger than the peers/);
  // The form shows the stored adjustment and its rationale.
  assert.equal(await browser.$('[data-testid="inputs-holistic-notches"]').getValue(), '1');
  assert.match(await browser.$('[data-testid="inputs-holistic-rationale"]').getValue(), /^Deposit franchise/);
  // Every step of the trace cites a rule of the national engine (N-3 … N-14).
  const rules = (await traceSteps(browser)).map((s) => s.rule);
  assert.ok(rules.includes('N-3') && rules.includes('N-4') && rules.includes('N-7'), rules.join(' '));
  assert.ok(rules.every((r) => /^N-\d+[a-d]?$/.test(r)), rules.join(' '));
  await browser.execute(() => document.getElementById('rating-title').scrollIntoView({ block: 'start' }));
  await screenshot(browser, 'journey-1-issuer-rating-trace');
});

test('changing the holistic notches in the form recomputes the rating', async () => {
  const { browser } = app;
  const selected = await text(browser, 'rating-selected');
  const before = await text(browser, 'rating-final');
  const notches = browser.$('[data-testid="inputs-holistic-notches"]');
  await notches.setValue('-1');
  await browser.$('[data-testid="inputs-save"]').click();
  await browser.$('[data-testid="inputs-saved"]').waitForDisplayed({ timeout: 10000 });
  await browser.waitUntil(async () => (await text(browser, 'rating-final')) !== before, {
    timeout: 10000,
    timeoutMsg: 'the rating did not change after saving -1',
  });
  const step = await holisticStep(browser);
  assert.equal(step.before, selected);
  assert.equal(step.after, await text(browser, 'rating-final'));
  assert.match(step.reason, /ajuste holístico -1: Deposit franchise/);

  // The peers at the same global level on the same scale, this issuer among them.
  await browser.$('[data-testid="peers-open"]').click();
  await browser.$('[data-testid="peers-table"]').waitForDisplayed({ timeout: 10000 });
  const peers = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="peer-row"]')].map((r) => ({
      code: r.querySelector('th').textContent.trim(),
      subject: r.getAttribute('aria-current') === 'true',
      final: r.querySelector('[data-testid="peer-final"]')?.textContent.trim() ?? null,
    })),
  );
  const me = peers.find((p) => p.subject);
  assert.match(me.code, /^DEMO-XX-02/);
  assert.equal(me.final, await text(browser, 'rating-final'));
  assert.ok(peers.length >= 2, JSON.stringify(peers));
  assert.equal(await text(browser, 'peers-options'), 'Opciones en este nivel: xxA-, xxBBB+');
});

test('an out-of-range adjustment is refused next to the field with N-5 and nothing is lost', async () => {
  const { browser } = app;
  const final = await text(browser, 'rating-final');
  const rationale = await browser.$('[data-testid="inputs-holistic-rationale"]').getValue();
  await browser.$('[data-testid="inputs-holistic-notches"]').setValue('5');
  await browser.$('[data-testid="inputs-save"]').click();
  const error = browser.$('[data-testid="inputs-error-holisticNotches"]');
  await error.waitForDisplayed({ timeout: 10000 });
  assert.equal(
    await error.getText(),
    'N-5: la corrección holística es de −3 a +3 escalones; 5 no se acepta.',
  );
  // Nothing typed is lost, and nothing was saved: the rating is the one before.
  assert.equal(await browser.$('[data-testid="inputs-holistic-notches"]').getValue(), '5');
  assert.equal(await browser.$('[data-testid="inputs-holistic-rationale"]').getValue(), rationale);
  assert.equal(await text(browser, 'rating-final'), final);
  assert.equal(
    await browser.$('[data-testid="inputs-holistic-notches"]').getAttribute('aria-invalid'),
    'true',
  );
  await browser.execute(() =>
    document.querySelector('[data-testid="analyst-inputs"]').scrollIntoView({ block: 'center' }),
  );
  await screenshot(browser, 'journey-1-issuer-rating');
});
