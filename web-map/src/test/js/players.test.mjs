import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  sanitiseColour, normalisePlayer, isNewerUpdate, isShown, playerKey, FALLBACK_COLOUR,
} from '../../main/web/js/players.js';

test('colour: only #rrggbb, lower-cased', () => {
  assert.equal(sanitiseColour('#A1b2C3'), '#a1b2c3');
  assert.equal(sanitiseColour('#000000'), '#000000');
  for (const bad of ['#fff', 'red', '#12345g', '#1234567', ' #123456', '#123456;background:url(x)',
    'rgb(1,2,3)', '', null, undefined, 123456, {}]) {
    assert.equal(sanitiseColour(bad), FALLBACK_COLOUR, String(bad));
  }
  assert.equal(sanitiseColour('nope', '#010203'), '#010203');
});

const raw = {
  v: 1, server: 'e2e', session: '1700000000000.1', seq: 5, tick: 100, index: 1, name: '<b>Eve</b>',
  event: 'moved', surface: 1, x: -10.5, y: 3.25, color: '#FF0000', connected: true, receivedAt: 1000,
};

test('normalises a PlayerUpdate, keeping the name as plain text', () => {
  const p = normalisePlayer(raw);
  assert.equal(p.name, '<b>Eve</b>');
  assert.equal(p.colour, '#ff0000');
  assert.equal(playerKey(p), 'e2e/1');
  assert.equal(p.x, -10.5);
  assert.equal(p.connected, true);
});

test('rejects updates that cannot be drawn', () => {
  assert.equal(normalisePlayer(null), null);
  assert.equal(normalisePlayer({ ...raw, index: 1.5 }), null);
  assert.equal(normalisePlayer({ ...raw, x: 'NaN' }), null);
  assert.equal(normalisePlayer({ ...raw, y: Infinity }), null);
  assert.equal(normalisePlayer({ ...raw, server: '' }), null);
  assert.equal(normalisePlayer({ ...raw, color: 'javascript:1' }).colour, FALLBACK_COLOUR);
});

test('newer: seq within a session, receivedAt across sessions', () => {
  const a = normalisePlayer(raw);
  assert.equal(isNewerUpdate(undefined, a), true);
  assert.equal(isNewerUpdate(a, normalisePlayer({ ...raw, seq: 6 })), true);
  assert.equal(isNewerUpdate(a, normalisePlayer({ ...raw, seq: 4, receivedAt: 9999 })), false);
  assert.equal(isNewerUpdate(a, normalisePlayer({ ...raw, seq: 5 })), false);
  assert.equal(isNewerUpdate(a, normalisePlayer({ ...raw, session: '1700000000001.1', seq: 1, receivedAt: 2000 })), true);
  assert.equal(isNewerUpdate(a, normalisePlayer({ ...raw, session: '1699999999999.1', seq: 99, receivedAt: 500 })), false);
});

test('shown: matching server and surface, not removed', () => {
  const p = normalisePlayer(raw);
  assert.equal(isShown(p, { server: 'e2e', surface: 1 }), true);
  assert.equal(isShown(p, { server: null, surface: 1 }), true);
  assert.equal(isShown(p, { server: 'other', surface: 1 }), false);
  assert.equal(isShown(p, { server: 'e2e', surface: 2 }), false);
  assert.equal(isShown({ ...p, event: 'removed' }, { server: 'e2e', surface: 1 }), false);
  assert.equal(isShown({ ...p, connected: false }, { server: 'e2e', surface: 1 }), true);
});
