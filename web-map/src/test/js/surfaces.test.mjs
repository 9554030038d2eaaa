import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseSurface, surfaceLabel, compareSurfaces, surfaceBounds } from '../../main/web/js/surfaces.js';
import { SurfaceCatalog } from '../../main/web/js/SurfaceCatalog.js';

const S = (surface, name, kind, extra = {}) => ({
  v: 1, server: 'e2e', surface, name, kind, planet: kind === 'planet' ? name.toLowerCase() : '', chunks: 4,
  minCx: -1, minCy: -1, maxCx: 0, maxCy: 0, ...extra,
});

test('labels are the name and the kind, as plain text', () => {
  assert.equal(surfaceLabel(normaliseSurface(S(1, 'Nauvis', 'planet'))), 'Nauvis (planet)');
  assert.equal(surfaceLabel(normaliseSurface(S(9, 'Ship <b>1</b>', 'platform'))), 'Ship <b>1</b> (platform)');
  assert.equal(surfaceLabel(normaliseSurface(S(7, '  ', 'weird'))), 'surface 7 (other)');
  assert.equal(surfaceLabel(normaliseSurface(S(3, 'a\n\tb', 'platform'))), 'a b (platform)');
  assert.equal(surfaceLabel(normaliseSurface(S(4, 'x'.repeat(100), 'platform'))).length, 60 + ' (platform)'.length);
});

test('sorted: planets, platforms, others; by name (numeric, case-insensitive), then index', () => {
  const list = [
    S(12, 'Ship 10', 'platform'), S(5, 'gleba', 'planet'), S(1, 'Nauvis', 'planet'), S(11, 'Ship 2', 'platform'),
    S(20, 'editor', 'other'), S(13, 'Ship 2', 'platform'),
  ].map((s) => normaliseSurface(s));
  assert.deepEqual(list.sort(compareSurfaces).map((s) => s.surface), [5, 1, 11, 13, 12, 20]);
});

test('normalise rejects what cannot be shown and defaults the rest', () => {
  assert.equal(normaliseSurface(null), null);
  assert.equal(normaliseSurface({ surface: 1 }), null); // no server
  assert.equal(normaliseSurface(S(0, 'x', 'planet')), null);
  assert.equal(normaliseSurface(S(1.5, 'x', 'planet')), null);
  assert.deepEqual(normaliseSurface({ surface: 2, name: 5, chunks: -1 }, 'srv'), {
    server: 'srv', surface: 2, name: '', kind: 'other', planet: '', chunks: 0, minCx: 0, minCy: 0, maxCx: 0, maxCy: 0,
  });
});

test('bounds: chunks to game tiles, max chunk inclusive; none without chunks', () => {
  assert.deepEqual(surfaceBounds(normaliseSurface(S(1, 'Nauvis', 'planet', { minCx: -3, minCy: -2, maxCx: 4, maxCy: 1 }))),
    { x0: -96, y0: -64, x1: 160, y1: 64 });
  assert.deepEqual(surfaceBounds(normaliseSurface(S(1, 'N', 'planet', { minCx: 0, minCy: 0, maxCx: 0, maxCy: 0, chunks: 1 }))),
    { x0: 0, y0: 0, x1: 32, y1: 32 });
  assert.equal(surfaceBounds(normaliseSurface(S(1, 'N', 'planet', { chunks: 0 }))), null);
  assert.equal(surfaceBounds(undefined), null);
});

function jsonFetch(body, log = []) {
  return async (url) => {
    log.push(url);
    return { ok: true, json: async () => (typeof body === 'function' ? body() : body) };
  };
}

test('catalog: REST list, then live surface / surface-deleted messages', async () => {
  const log = [];
  const cat = new SurfaceCatalog({ base: 'http://h/p/', fetch: jsonFetch([S(1, 'Nauvis', 'planet'), S(2, 'Ship', 'platform'), { bad: 1 }], log) });
  const changes = [];
  cat.addEventListener('change', (e) => changes.push(e.detail.server));
  assert.equal(await cat.load('e2e'), true);
  assert.deepEqual(log, ['http://h/p/api/servers/e2e/surfaces']);
  assert.deepEqual(cat.list('e2e').map(surfaceLabel), ['Nauvis (planet)', 'Ship (platform)']);

  cat.handleMessage({ type: 'surface', server: 'e2e', surface: S(3, 'Vulcanus', 'planet') });
  cat.handleMessage({ type: 'surface', server: 'e2e', surface: S(2, 'Renamed', 'platform') });
  cat.handleMessage({ type: 'surface-deleted', server: 'e2e', surface: 1 });
  assert.deepEqual(cat.list('e2e').map(surfaceLabel), ['Vulcanus (planet)', 'Renamed (platform)']);
  assert.equal(cat.get('e2e', 1), undefined);
  assert.deepEqual(changes, ['e2e', 'e2e', 'e2e', 'e2e']);

  // no change, no event; another server's message stays with that server; mismatched server dropped
  assert.equal(cat.handleMessage({ type: 'surface', server: 'e2e', surface: S(3, 'Vulcanus', 'planet') }), false);
  assert.equal(cat.handleMessage({ type: 'surface', server: 'e2e', surface: S(4, 'X', 'planet', { server: 'other' }) }), false);
  assert.equal(cat.handleMessage({ type: 'surface-deleted', server: 'e2e', surface: 99 }), false);
  assert.equal(cat.handleMessage({ type: 'player', server: 'e2e' }), false);
  assert.equal(changes.length, 4);
  assert.deepEqual(cat.list('other'), []);
});

test('catalog: a REST answer does not undo WebSocket news that arrived while it was loading', async () => {
  let release;
  const gate = new Promise((r) => { release = r; });
  const fetch = async () => ({ ok: true, json: async () => { await gate; return [S(1, 'Nauvis', 'planet'), S(2, 'Old', 'platform')]; } });
  const cat = new SurfaceCatalog({ fetch });
  const loading = cat.load('e2e');
  cat.handleMessage({ type: 'surface', server: 'e2e', surface: S(5, 'New', 'platform') });
  release();
  await loading;
  // merged, not replaced: 5 stays
  assert.deepEqual(cat.list('e2e').map((s) => s.surface), [1, 5, 2]);

  // a quiet reload replaces (drops surfaces deleted while nobody told us)
  const cat2 = new SurfaceCatalog({ fetch: jsonFetch([S(1, 'Nauvis', 'planet')]) });
  cat2.handleMessage({ type: 'surface', server: 'e2e', surface: S(9, 'Gone', 'platform') });
  await cat2.load('e2e');
  assert.deepEqual(cat2.list('e2e').map((s) => s.surface), [1]);
});

test('catalog: failed or odd answers leave the list alone', async () => {
  const cat = new SurfaceCatalog({ fetch: async () => ({ ok: false }) });
  cat.handleMessage({ type: 'surface', server: 'e2e', surface: S(1, 'Nauvis', 'planet') });
  assert.equal(await cat.load('e2e'), false);
  cat.options.fetch = async () => { throw new TypeError('network'); };
  assert.equal(await cat.load('e2e'), false);
  cat.options.fetch = jsonFetch({ not: 'a list' });
  assert.equal(await cat.load('e2e'), false);
  assert.equal(await cat.load(null), false);
  assert.deepEqual(cat.list('e2e').map((s) => s.surface), [1]);
});
