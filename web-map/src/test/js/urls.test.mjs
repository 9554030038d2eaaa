import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiUrl, playersUrl, wsUrl, backoffDelay } from '../../main/web/js/urls.js';

test('REST and WebSocket URLs follow the page, path prefix included', () => {
  assert.equal(apiUrl('http://h:8080/', 'api/servers'), 'http://h:8080/api/servers');
  assert.equal(apiUrl('https://h/maps/kfk/', 'api/servers'), 'https://h/maps/kfk/api/servers');
  assert.equal(playersUrl('http://h/', 'e2e'), 'http://h/api/servers/e2e/players');
  assert.equal(wsUrl('http://h:8080/', 'e2e'), 'ws://h:8080/ws?server=e2e');
  assert.equal(wsUrl('https://h/p/index.html#server=x', 'a.b_c-1'), 'wss://h/p/ws?server=a.b_c-1');
  assert.equal(wsUrl('http://h/', null), 'ws://h/ws');
});

test('backoff grows exponentially, is capped, and jitters within bounds', () => {
  const mid = () => 0.5;
  const o = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, o, mid)),
    [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(backoffDelay(0, o, () => 0), 400);
  assert.equal(backoffDelay(0, o, () => 1), 600);
  assert.equal(backoffDelay(10, o, () => 1), 30_000);
});
