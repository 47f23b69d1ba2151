// Launches the real Ratebook window through tauri-driver (which drives WebKitWebDriver)
// and hands the test a WebdriverIO browser. One app per test file; files run serially
// because tauri-driver's ports are per instance.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import net from 'node:net';
import path from 'node:path';
import { remote } from 'webdriverio';

export const root = path.resolve(import.meta.dirname, '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
export const application = process.env.RATEBOOK_APP ?? path.join(targetDir, 'debug', 'ratebook-app');
export const cli = process.env.RATEBOOK_CLI ?? path.join(targetDir, 'debug', 'ratebook');
export const artifacts = path.join(root, 'target', 'e2e');

// Both ports are per driver instance; set them to run two suites side by side.
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
const NATIVE_PORT = Number(process.env.TAURI_NATIVE_PORT ?? PORT + 1);

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts tauri-driver and the app; returns `{ browser, close, sessionRequested }`. `args` go
 * to the app (`--demo`, `--workbook PATH`); `env` to the driver and, through it, to the app;
 * `app` replaces the Ratebook binary (the benchmark's blank window). `sessionRequested` is
 * the `performance.now()` at which the driver was asked to start the app. `port` and
 * `nativePort` override the driver's ports for one launch.
 */
export async function launch({ env = {}, args = [], app = application, port = PORT, nativePort = NATIVE_PORT } = {}) {
  mkdirSync(artifacts, { recursive: true });
  // The driver, WebKitWebDriver and the app write to a log file, not to the test's own
  // stdout: a slow-dying child holding that pipe would keep the test runner waiting.
  const log = openSync(path.join(artifacts, `driver-${process.pid}.log`), 'a');
  const driver = spawn(
    'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'],
    {
      stdio: ['ignore', log, log],
      env: { ...process.env, ...env },
      // Its own process group, so that close() ends the driver and everything it started.
      detached: true,
    },
  );
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  const killGroup = (signal) => {
    try {
      process.kill(-driver.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  await waitForPort(port, 15000);
  // tauri-driver starts WebKitWebDriver on the native port; on a loaded machine that can
  // come up after the driver's own port, and a session asked for before it fails.
  await waitForPort(nativePort, 15000);
  let browser;
  const sessionRequested = performance.now();
  try {
    browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 0,
      capabilities: { 'tauri:options': { application: app, args } },
    });
  } catch (err) {
    killGroup('SIGKILL');
    closeSync(log);
    throw err;
  }
  return {
    browser,
    sessionRequested,
    async close() {
      await Promise.race([browser.deleteSession().catch(() => {}), delay(10000)]);
      killGroup('SIGTERM');
      const forced = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(forced);
      // Children of the driver (the app, WebKitWebDriver) may outlive it by a moment.
      killGroup('SIGKILL');
      closeSync(log);
    },
  };
}

/** Waits two animation frames so a screenshot shows the latest DOM, then saves it. */
export async function screenshot(browser, name) {
  mkdirSync(artifacts, { recursive: true });
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  const file = path.join(artifacts, `${name}.png`);
  await browser.saveScreenshot(file);
  return file;
}

/**
 * A fresh home for one app: its config and data directories (recent files, the demo
 * workbook) under a new temporary directory, so tests never see each other's files.
 */
export function freshHome(name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ratebook-e2e-${name}-`));
  return { dir, env: { XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data') } };
}

/** Runs the `ratebook` CLI and parses its JSON output. */
export function cliJson(...args) {
  return JSON.parse(execFileSync(cli, [...args, '--json'], { encoding: 'utf8' }));
}

/**
 * Calls a Tauri command the way the UI's `invoke` does, from inside the page, and reports
 * `{ ok: true, value }` or `{ ok: false, reason }`. Uses the IPC internals Tauri always
 * injects; `withGlobalTauri` is off, so no `window.__TAURI__` exists. (The refusal field is
 * not called `error`: WebdriverIO would read such a result as a WebDriver error response.)
 */
export function invokeInPage(browser, command, args = {}) {
  return browser.execute(
    (cmd, a) =>
      window.__TAURI_INTERNALS__.invoke(cmd, a).then(
        (value) => ({ ok: true, value }),
        (err) => ({ ok: false, reason: String(err && err.message ? err.message : err) }),
      ),
    command,
    args,
  );
}
