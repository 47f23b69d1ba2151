// The app works with no network at all: the workflow (open the demo, list the issuers)
// runs inside a new network namespace whose only interface is loopback (WebDriver needs
// it). If the app needed the network, the workflow would fail and so would this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from '../lib/app.mjs';

const workflow = path.join(root, 'e2e', 'lib', 'offline-workflow.mjs');

function inNamespace(script) {
  return spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && ${script}`], {
    encoding: 'utf8',
    env: process.env,
    timeout: 240000,
  });
}

test('the namespace has no interface but loopback (control)', () => {
  const r = inNamespace('ip -o link show');
  assert.equal(r.status, 0, r.stderr);
  const interfaces = r.stdout.trim().split('\n').map((l) => l.split(':')[1].trim());
  assert.deepEqual(interfaces, ['lo']);
  // And nothing outside is reachable.
  const reach = inNamespace('ip route get 1.1.1.1');
  assert.notEqual(reach.status, 0, 'a route out of the namespace exists');
});

test('open the demo and list its issuers with no network', () => {
  const r = inNamespace(`exec node ${JSON.stringify(workflow)}`);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.equal(result.title, 'Ratebook — demo.ratebook');
  assert.match(result.count, /^\d+ emisores$/);
  assert.ok(Number(result.count.match(/\d+/)[0]) >= 30, result.count);
});
