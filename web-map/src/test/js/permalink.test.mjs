import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePermalink, formatPermalink, hasPosition, DEFAULT_VIEW, parseHide, formatHide } from '../../main/web/js/permalink.js';

test('parses a full hash', () => {
  assert.deepEqual(parsePermalink('#server=e2e&surface=2&x=10.5&y=-3&z=-2'), {
    server: 'e2e', surface: 2, x: 10.5, y: -3, z: -2, layer: 'terrain', hide: [],
  });
  assert.equal(parsePermalink('#server=e2e&layer=chart').layer, 'chart');
});

test('missing fields take the defaults', () => {
  assert.deepEqual(parsePermalink(''), DEFAULT_VIEW);
  assert.deepEqual(parsePermalink('#'), DEFAULT_VIEW);
  assert.deepEqual(parsePermalink('#x=5'), { ...DEFAULT_VIEW, x: 5 });
  assert.deepEqual(parsePermalink(undefined), DEFAULT_VIEW);
});

test('format → parse round trip', () => {
  for (const view of [
    { server: 'e2e', surface: 1, x: 0, y: 0, z: 0, layer: 'terrain', hide: [] },
    { server: 'nauvis.main_1-a', surface: 7, x: -1234.56, y: 987.25, z: -6, layer: 'chart', hide: ['entities'] },
    { server: 'a', surface: 1, x: 0.01, y: -0.01, z: 5, layer: 'terrain', hide: ['entities', 'players', 'tags', 'grid'] },
  ]) {
    assert.deepEqual(parsePermalink(formatPermalink(view)), view);
  }
  const noServer = { server: null, surface: 1, x: 3, y: 4, z: 1, layer: 'terrain', hide: [] };
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
    '#server=' + 'a'.repeat(65) + '&x=3000000&y=-3000000&z=1,2&layer=Chart',
    '#layer=terrain%00&layer=satellite',
    '%%%&&&===',
  ];
  for (const hash of garbage) {
    assert.deepEqual(parsePermalink(hash), DEFAULT_VIEW, hash);
  }
  assert.deepEqual(parsePermalink('#server=%3Cb%3E&x=7'), { ...DEFAULT_VIEW, x: 7 });
});

test('custom defaults', () => {
  const d = { server: 'cur', surface: 3, x: 1, y: 2, z: 4, layer: 'chart' };
  assert.deepEqual(parsePermalink('#z=bad&x=9', d), { ...d, x: 9 });
});

test('the layer is written only when it is the game chart', () => {
  const view = { server: 's', surface: 2, x: 1, y: 2, z: 3 };
  assert.equal(formatPermalink({ ...view, layer: 'chart' }), '#server=s&surface=2&x=1&y=2&z=3&layer=chart');
  assert.equal(formatPermalink({ ...view, layer: 'terrain' }), '#server=s&surface=2&x=1&y=2&z=3');
  assert.equal(formatPermalink({ ...view, layer: '<img>' }), '#server=s&surface=2&x=1&y=2&z=3');
  assert.equal(formatPermalink(view), '#server=s&surface=2&x=1&y=2&z=3');
});

test('hasPosition: only a hash with a valid x and y pins the view (else the map fits the surface)', () => {
  assert.equal(hasPosition('#server=s&surface=2&x=0&y=-5'), true);
  assert.equal(hasPosition('#server=s&surface=2'), false);
  assert.equal(hasPosition('#server=s&x=1'), false);
  assert.equal(hasPosition('#x=abc&y=1'), false);
  assert.equal(hasPosition(''), false);
  assert.equal(hasPosition(undefined), false);
});

test('hide flags are compact, canonical and ignore unknown names', () => {
  assert.equal(formatPermalink({ ...DEFAULT_VIEW, server: 'e2e', hide: ['tags', 'entities'] }),
    '#server=e2e&surface=1&x=0&y=0&z=0&hide=entities,tags');
  assert.deepEqual(parseHide('tags,entities,tags,bogus, grid'), ['entities', 'tags', 'grid']);
  assert.deepEqual(parseHide(''), []);
  assert.equal(parseHide(null), null);
  assert.equal(formatHide(['grid', 'players']), 'players,grid');
  assert.equal(formatHide(undefined), '');
  assert.deepEqual(parsePermalink('#hide=players&layer=entities').hide, ['players']);
  assert.equal(parsePermalink('#layer=entities').layer, 'terrain'); // an overlay is not a base layer
});
