import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiUrl, playersUrl, wsUrl, backoffDelay, tileUrl, surfacesUrl, atUrl, tagsUrl, changesUrl } from '../../main/web/js/urls.js';

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

test('tile URLs: layer path, signed indices and zooms, path prefix', () => {
  const t = { layer: 'terrain', server: 'e2e', surface: 1, z: 3, x: 0, y: 0 };
  assert.equal(tileUrl('http://h:8080/', t), 'http://h:8080/tiles/e2e/1/3/0/0.png');
  assert.equal(tileUrl('https://h/p/index.html#x=1', { ...t, z: -6, x: -1, y: -512 }), 'https://h/p/tiles/e2e/1/-6/-1/-512.png');
  assert.equal(tileUrl('http://h/', { ...t, layer: 'chart', surface: 7, x: 5, y: -3 }), 'http://h/chart-tiles/e2e/7/3/5/-3.png');
});

test('versioned tile URLs carry the etag as ?v=, encoded', () => {
  const t = { layer: 'terrain', server: 'a.b_c-1', surface: 2, z: -2, x: -3, y: 4 };
  assert.equal(tileUrl('http://h/', t, 'abc123'), 'http://h/tiles/a.b_c-1/2/-2/-3/4.png?v=abc123');
  assert.equal(tileUrl('http://h/', t, '"W/x y&z"'), 'http://h/tiles/a.b_c-1/2/-2/-3/4.png?v=%22W%2Fx+y%26z%22');
  assert.equal(tileUrl('http://h/', t, null), 'http://h/tiles/a.b_c-1/2/-2/-3/4.png');
  assert.equal(tileUrl('http://h/', t, ''), 'http://h/tiles/a.b_c-1/2/-2/-3/4.png');
});

test('tile URLs refuse unknown layers and non-integer coordinates', () => {
  const t = { layer: 'terrain', server: 'e2e', surface: 1, z: 3, x: 0, y: 0 };
  assert.throws(() => tileUrl('http://h/', { ...t, layer: 'toString' }), RangeError);
  assert.throws(() => tileUrl('http://h/', { ...t, layer: '../api' }), RangeError);
  assert.throws(() => tileUrl('http://h/', { ...t, x: 0.5 }), RangeError);
  assert.throws(() => tileUrl('http://h/', { ...t, z: '3' }), RangeError);
  // a server id cannot climb out of its path segment
  assert.equal(tileUrl('http://h/', { ...t, server: '../x' }), 'http://h/tiles/..%2Fx/1/3/0/0.png');
});

test('surfaces URL', () => {
  assert.equal(surfacesUrl('https://h/p/', 'e2e'), 'https://h/p/api/servers/e2e/surfaces');
});

test('entity tiles, "what is here?", tags and change-log URLs', () => {
  assert.equal(tileUrl('http://h/', { layer: 'entities', server: 'e2e', surface: 1, z: 3, x: -1, y: 2 }),
    'http://h/entity-tiles/e2e/1/3/-1/2.png');
  assert.equal(atUrl('http://h/p/', 'e2e', 2, 12.34567, -0.0001), 'http://h/p/api/servers/e2e/surfaces/2/at?x=12.346&y=0');
  assert.throws(() => atUrl('http://h/', 'e2e', 0, 1, 1), RangeError);
  assert.throws(() => atUrl('http://h/', 'e2e', 1, NaN, 1), RangeError);
  assert.equal(tagsUrl('http://h/', 'e2e', 3), 'http://h/api/servers/e2e/surfaces/3/tags');
  assert.equal(changesUrl('http://h/', 'e2e'), 'http://h/api/servers/e2e/changes');
  assert.equal(changesUrl('http://h/', 'e2e', { player: 2, limit: 50, before: 99 }),
    'http://h/api/servers/e2e/changes?player=2&limit=50&before=99');
  assert.equal(wsUrl('http://h/', 'e2e', 'a&b'), 'ws://h/ws?server=e2e&token=a%26b');
  assert.equal(wsUrl('http://h/', 'e2e', ''), 'ws://h/ws?server=e2e');
});
