import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  scale, gameToLatLng, latLngToGame, gameToPixel, pixelToGame, gameToContainerPoint, chunkOf, tileOf,
  gameTilesPerMapTile, mapTileOf, parentIndex, mapTileBounds, gridLineOffsets, describePosition,
  MIN_NATIVE_ZOOM, MAX_NATIVE_ZOOM,
} from '../../main/web/js/coords.js';

test('latlng is [game y, game x] and back', () => {
  assert.deepEqual(gameToLatLng(10, -3), [-3, 10]);
  assert.deepEqual(latLngToGame([-3, 10]), { x: 10, y: -3 });
  assert.deepEqual(latLngToGame({ lat: -3, lng: 10 }), { x: 10, y: -3 });
});

test('one game tile is 2^z pixels, at positive, zero and negative zooms', () => {
  assert.equal(scale(0), 1);
  assert.equal(scale(3), 8);
  assert.equal(scale(5), 32);
  assert.equal(scale(-6), 1 / 64);
  assert.deepEqual(gameToPixel(10, -3, 0), { x: 10, y: -3 });
  assert.deepEqual(gameToPixel(10, -3, 3), { x: 80, y: -24 });
  assert.deepEqual(gameToPixel(-128, 64, -6), { x: -2, y: 1 });
  assert.deepEqual(gameToPixel(-128, 64, -2), { x: -32, y: 16 });
});

test('pixel → game inverts game → pixel', () => {
  for (const z of [-6, -3, -1, 0, 1, 3, 5]) {
    for (const [x, y] of [[0, 0], [12.5, -7.25], [-1000, 2048], [-0.5, -0.5]]) {
      const p = gameToPixel(x, y, z);
      assert.deepEqual(pixelToGame(p.x, p.y, z), { x, y }, `z=${z} (${x},${y})`);
    }
  }
});

test('container point of a position relative to the view centre', () => {
  const size = { x: 1200, y: 800 };
  assert.deepEqual(gameToContainerPoint({ x: 0, y: 0 }, { x: 0, y: 0 }, 0, size), { x: 600, y: 400 });
  assert.deepEqual(gameToContainerPoint({ x: 10, y: -5 }, { x: 0, y: 0 }, 2, size), { x: 640, y: 380 });
  assert.deepEqual(gameToContainerPoint({ x: -64, y: 64 }, { x: 64, y: 0 }, -1, size), { x: 536, y: 432 });
});

test('chunk of negative positions floors', () => {
  assert.equal(chunkOf(0), 0);
  assert.equal(chunkOf(31.99), 0);
  assert.equal(chunkOf(32), 1);
  assert.equal(chunkOf(-0.5), -1);
  assert.equal(chunkOf(-32), -1);
  assert.equal(chunkOf(-32.01), -2);
  assert.equal(tileOf(-0.5), -1);
  assert.equal(tileOf(2.9), 2);
});

test('game tiles per map tile matches TileScheme', () => {
  assert.equal(gameTilesPerMapTile(3), 32);
  assert.equal(gameTilesPerMapTile(0), 256);
  assert.equal(gameTilesPerMapTile(-6), 16384);
  assert.throws(() => gameTilesPerMapTile(MAX_NATIVE_ZOOM + 1), RangeError);
  assert.throws(() => gameTilesPerMapTile(MIN_NATIVE_ZOOM - 1), RangeError);
  assert.throws(() => gameTilesPerMapTile(1.5), RangeError);
});

test('map tile index per TileScheme, including negatives', () => {
  assert.equal(mapTileOf(3, 0), 0);
  assert.equal(mapTileOf(3, 31.9), 0);
  assert.equal(mapTileOf(3, 32), 1);
  assert.equal(mapTileOf(3, -0.1), -1);
  assert.equal(mapTileOf(3, -32), -1);
  assert.equal(mapTileOf(3, -33), -2);
  assert.equal(mapTileOf(0, -1), -1);
  assert.equal(mapTileOf(0, 255), 0);
  assert.equal(mapTileOf(-6, 16383), 0);
  assert.equal(mapTileOf(-6, -16385), -2);
  assert.equal(parentIndex(-1), -1);
  assert.equal(parentIndex(-2), -1);
  assert.equal(parentIndex(-3), -2);
  assert.equal(parentIndex(3), 1);
});

test('map tile bounds in game tiles', () => {
  assert.deepEqual(mapTileBounds(3, -1, 2), { x0: -32, y0: 64, x1: 0, y1: 96 });
  assert.deepEqual(mapTileBounds(-1, 0, -1), { x0: 0, y0: -512, x1: 512, y1: 0 });
});

test('grid line offsets inside a tile', () => {
  // z=3: a tile is one chunk, its chunk line is on the near edge only
  assert.deepEqual(gridLineOffsets(3, 0, 32), [0]);
  assert.deepEqual(gridLineOffsets(3, -1, 32), [0]);
  // z=0: 256 tiles per map tile, 8 chunk lines 32 px apart
  assert.deepEqual(gridLineOffsets(0, -1, 32), [0, 32, 64, 96, 128, 160, 192, 224]);
  // z=5: 8 game tiles per map tile; chunk line only in every 4th tile
  assert.deepEqual(gridLineOffsets(5, 4, 32), [0]);
  assert.deepEqual(gridLineOffsets(5, 5, 32), []);
  assert.deepEqual(gridLineOffsets(5, -4, 32), [0]);
  assert.deepEqual(gridLineOffsets(5, -3, 32), []);
  // z=-2: 1024 tiles per map tile, 8-chunk lines every 64 px
  assert.deepEqual(gridLineOffsets(-2, -1, 256), [0, 64, 128, 192]);
});

test('position readout', () => {
  assert.deepEqual(describePosition(-0.5, 33.2), { tile: '-1, 33', chunk: '-1, 1' });
});
