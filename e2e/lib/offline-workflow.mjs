// The workflow the offline test runs inside a network namespace with only loopback:
// open the demo workbook and list its issuers. Exits 0 when the list shows issuers.
// Run by tests/offline.test.mjs; not a test file of its own.
import { freshHome, launch, screenshot } from './app.mjs';

const home = freshHome('offline');
const app = await launch({ env: home.env, args: ['--demo'] });
let status = 1;
try {
  const { browser } = app;
  await browser.$('[data-testid="issuer-row"]').waitForDisplayed({ timeout: 60000 });
  const count = await browser.$('[data-testid="issuers-count"]').getText();
  const title = await browser.getTitle();
  await screenshot(browser, 'offline');
  console.log(JSON.stringify({ count, title }));
  status = 0;
} catch (err) {
  console.error(`offline workflow failed: ${err.stack ?? err}`);
} finally {
  await app.close();
}
process.exit(status);
