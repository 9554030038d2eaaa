import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normaliseChange, changeRowText, changeRowLine, relativeTime, eventVerb, isRemoval, playersSeen, changeKey, atLines,
} from '../../main/web/js/changes.js';

const wire = (extra = {}) => ({
  v: 1, server: 'e2e', session: 's', seq: 7, index: 0, tick: 3600, event: 'built', surface: 1, cx: 0, cy: -1,
  x: 12.5, y: -3.5, name: 'assembling-machine-2', type: 'assembling-machine', unit: 5, force: 'player',
  quality: 'normal', player: 1, cause: 'player', receivedAt: 1_000_000, ...extra,
});

test('a change row says who did what, where and when', () => {
  const c = normaliseChange({ ...wire(), id: 42, playerName: 'alice' });
  assert.deepEqual(changeRowText(c, { nowMs: 1_000_000 + 125_000 }),
    { who: 'alice', what: 'built assembling-machine-2', where: '12.5, -3.5', when: '2 min ago · tick 3600' });
  assert.equal(changeRowLine(c, { nowMs: 1_000_000 }), 'alice built assembling-machine-2 at 12.5, -3.5, just now · tick 3600');
  assert.equal(c.id, 42);
});

test('unknown players are "unknown" unless a name is known from the players', () => {
  const c = normaliseChange(wire({ event: 'mined', player: 0 }));
  assert.equal(changeRowText(c, { nowMs: 0 }).who, 'unknown');
  assert.equal(changeRowText(c, { nowMs: 0 }).what, 'removed assembling-machine-2');
  const d = normaliseChange(wire({ player: 3 }));
  assert.equal(changeRowText(d, { names: new Map([[3, 'bob']]) }).who, 'bob');
  assert.equal(changeRowText(d).who, 'unknown');
});

test('events read as verbs; removals are flagged', () => {
  assert.equal(eventVerb('mined'), 'removed');
  assert.equal(eventVerb('rotated'), 'rotated');
  assert.equal(eventVerb(undefined), 'changed');
  assert.equal(isRemoval('died'), true);
  assert.equal(isRemoval('built'), false);
});

test('relative times', () => {
  assert.equal(relativeTime(0, 4_000), 'just now');
  assert.equal(relativeTime(0, 59_000), '59 s ago');
  assert.equal(relativeTime(0, 3_600_000), '1 h ago');
  assert.equal(relativeTime(0, 200_000_000), '2 d ago');
  assert.equal(relativeTime(10, 0), 'just now');
  assert.equal(relativeTime(null, 0), '');
});

test('invalid changes are dropped; keys identify a change across REST and WebSocket', () => {
  assert.equal(normaliseChange(null), null);
  assert.equal(normaliseChange(wire({ surface: 0 })), null);
  assert.equal(normaliseChange(wire({ x: 'a' })), null);
  assert.equal(changeKey(normaliseChange(wire())), 'e2e/s/7/0');
  assert.equal(normaliseChange(wire({ name: '' })).name, 'something');
});

test('players seen, named where possible, sorted by name', () => {
  const list = [wire({ player: 2 }), wire({ player: 1, playerName: 'zed' }), wire({ player: 0 }), wire({ player: 2 })]
    .map(normaliseChange);
  assert.deepEqual(playersSeen(list, new Map([[2, 'Anna']])), [{ index: 2, name: 'Anna' }, { index: 1, name: 'zed' }]);
  assert.deepEqual(playersSeen([normaliseChange(wire({ player: 4 }))]), [{ index: 4, name: 'player 4' }]);
});

test('"what is here?" lines: the point, then each entity as text', () => {
  const answer = {
    chunk: { cx: 0, cy: -1 }, tile: { x: 12, y: -4 },
    entities: [{ name: 'stone-furnace', type: 'furnace', x: 12.5, y: -3.5, force: 'player', quality: 'rare' }],
  };
  assert.deepEqual(atLines(answer, 12.3, -3.7), [
    'tile 12, -4 · chunk 0, -1',
    'stone-furnace (furnace) at 12.5, -3.5 · force player · quality rare',
  ]);
  assert.deepEqual(atLines({ ...answer, entities: [] }, 1, 2), ['tile 12, -4 · chunk 0, -1', 'nothing built here']);
  assert.deepEqual(atLines(null, 1.25, -2), ['game 1.3, -2', 'nothing built here']);
});
