import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileAddress, tileMessageTarget, isLayer } from '../../main/web/js/tiles.js';

const shown = { layer: 'terrain', server: 'e2e', surface: 1 };
const msg = (extra = {}) => ({
  v: 1, type: 'tile', server: 'e2e', sentAt: 5, layer: 'terrain', surface: 1, z: 3, x: -1, y: 0, etag: 'h1', ...extra,
});

test('a tile message for the shown layer, server and surface targets that tile with its etag', () => {
  assert.deepEqual(tileMessageTarget(msg(), shown), { z: 3, x: -1, y: 0, etag: 'h1' });
  assert.deepEqual(tileMessageTarget(msg({ z: -6, x: -7, y: -8 }), shown), { z: -6, x: -7, y: -8, etag: 'h1' });
  assert.deepEqual(tileMessageTarget(msg({ layer: 'chart' }), { ...shown, layer: 'chart' }), { z: 3, x: -1, y: 0, etag: 'h1' });
});

test('tile-deleted targets the tile with a null etag', () => {
  const del = msg({ type: 'tile-deleted', etag: undefined });
  assert.deepEqual(tileMessageTarget(del, shown), { z: 3, x: -1, y: 0, etag: null });
  // an etag on a deletion is ignored, it still clears
  assert.deepEqual(tileMessageTarget({ ...del, etag: 'x' }, shown), { z: 3, x: -1, y: 0, etag: null });
});

test('messages about another layer, server or surface do not match', () => {
  assert.equal(tileMessageTarget(msg({ layer: 'chart' }), shown), null);
  assert.equal(tileMessageTarget(msg({ server: 'other' }), shown), null);
  assert.equal(tileMessageTarget(msg({ surface: 2 }), shown), null);
  assert.equal(tileMessageTarget(msg(), { ...shown, server: null }), null);
  assert.equal(tileMessageTarget(msg(), null), null);
});

test('malformed tile messages are rejected', () => {
  for (const bad of [
    msg({ type: 'player' }),
    msg({ etag: undefined }),
    msg({ etag: '' }),
    msg({ etag: 7 }),
    msg({ z: 4 }),
    msg({ z: -7 }),
    msg({ z: 2.5 }),
    msg({ x: '1' }),
    msg({ y: 1e300 }),
    msg({ surface: 0 }),
    msg({ layer: 'toString' }),
    msg({ server: '' }),
    null,
    'tile',
  ]) {
    assert.equal(tileAddress(bad), null, JSON.stringify(bad));
    assert.equal(tileMessageTarget(bad, shown), null);
  }
  assert.deepEqual(tileAddress(msg()), { layer: 'terrain', server: 'e2e', surface: 1, z: 3, x: -1, y: 0, etag: 'h1' });
  assert.equal(isLayer('chart'), true);
  assert.equal(isLayer('constructor'), false);
});
