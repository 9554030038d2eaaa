import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePermalink, formatPermalink, DEFAULT_VIEW } from '../../main/web/js/permalink.js';

test('parses a full hash', () => {
  assert.deepEqual(parsePermalink('#server=e2e&surface=2&x=10.5&y=-3&z=-2'), {
    server: 'e2e', surface: 2, x: 10.5, y: -3, z: -2,
  });
});

test('missing fields take the defaults', () => {
  assert.deepEqual(parsePermalink(''), DEFAULT_VIEW);
  assert.deepEqual(parsePermalink('#'), DEFAULT_VIEW);
  assert.deepEqual(parsePermalink('#x=5'), { ...DEFAULT_VIEW, x: 5 });
  assert.deepEqual(parsePermalink(undefined), DEFAULT_VIEW);
});

test('format → parse round trip', () => {
  for (const view of [
    { server: 'e2e', surface: 1, x: 0, y: 0, z: 0 },
    { server: 'nauvis.main_1-a', surface: 7, x: -1234.56, y: 987.25, z: -6 },
    { server: 'a', surface: 1, x: 0.01, y: -0.01, z: 5 },
  ]) {
    assert.deepEqual(parsePermalink(formatPermalink(view)), view);
  }
  const noServer = { server: null, surface: 1, x: 3, y: 4, z: 1 };
  assert.equal(formatPermalink(noServer), '#surface=1&x=3&y=4&z=1');
  assert.deepEqual(parsePermalink(formatPermalink(noServer)), noServer);
});

test('format rounds to 1/100 tile and never writes -0', () => {
  assert.equal(formatPermalink({ server: 's', surface: 1, x: 1.23456, y: -0.0001, z: 2 }), '#server=s&surface=1&x=1.23&y=0&z=2');
});

test('garbage is rejected field by field', () => {
  const garbage = [
    '#server=../../etc&surface=0&x=NaN&y=Infinity&z=99',
    '#server=<script>&surface=-1&x=1e400&y=abc&z=-7',
    '#server=&surface=1.5&x=&y=0x10&z=',
    '#server=' + 'a'.repeat(65) + '&x=3000000&y=-3000000&z=1,2',
    '%%%&&&===',
  ];
  for (const hash of garbage) {
    assert.deepEqual(parsePermalink(hash), DEFAULT_VIEW, hash);
  }
  assert.deepEqual(parsePermalink('#server=%3Cb%3E&x=7'), { ...DEFAULT_VIEW, x: 7 });
});

test('custom defaults', () => {
  const d = { server: 'cur', surface: 3, x: 1, y: 2, z: 4 };
  assert.deepEqual(parsePermalink('#z=bad&x=9', d), { ...d, x: 9 });
});
