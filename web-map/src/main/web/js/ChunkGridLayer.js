// A faint chunk grid drawn on canvas tiles, so movement is visible without terrain. It lives in
// its own pane above the tile pane: a future FactorioTileLayer (an L.TileLayer in the default
// tilePane) draws terrain beneath it.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { CHUNK_TILES, TILE_PIXELS, gridLineOffsets } from './coords.js';

export const ChunkGridLayer = L.GridLayer.extend({
  options: {
    tileSize: TILE_PIXELS,
    pane: 'kfk-grid',
    /** Grid levels: line every `tiles` game tiles, drawn when at least `minPx` pixels apart. */
    levels: [
      { tiles: CHUNK_TILES, colour: 'rgba(255,255,255,0.10)', width: 1 }, // chunk
      { tiles: CHUNK_TILES * 8, colour: 'rgba(255,255,255,0.22)', width: 1 }, // 8 chunks
      { tiles: CHUNK_TILES * 64, colour: 'rgba(255,255,255,0.32)', width: 1 }, // 64 chunks
    ],
    minPx: 6,
    /** The x = 0 and y = 0 axes. */
    axisColour: 'rgba(255,200,80,0.45)',
  },

  createTile(coords) {
    const size = this.getTileSize();
    const canvas = L.DomUtil.create('canvas', 'kfk-grid-tile');
    const ratio = window.devicePixelRatio || 1;
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    const ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    const z = coords.z;
    const px = 2 ** z;
    for (const level of this.options.levels) {
      if (level.tiles * px < this.options.minPx) continue;
      this._lines(ctx, z, coords, level.tiles, level.colour, level.width, size);
    }
    // Axes: a "grid" whose only line in range is 0.
    this._lines(ctx, z, coords, Number.MAX_SAFE_INTEGER, this.options.axisColour, 1, size);
    return canvas;
  },

  _lines(ctx, z, coords, spacing, colour, width, size) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    for (const off of gridLineOffsets(z, coords.x, spacing)) {
      const p = Math.round(off) + 0.5;
      ctx.moveTo(p, 0);
      ctx.lineTo(p, size.y);
    }
    for (const off of gridLineOffsets(z, coords.y, spacing)) {
      const p = Math.round(off) + 0.5;
      ctx.moveTo(0, p);
      ctx.lineTo(size.x, p);
    }
    ctx.stroke();
  },
});
