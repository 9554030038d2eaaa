// Terrain, game-chart or entity-overlay tiles of one server surface from the tile server:
// `tiles|chart-tiles|entity-tiles/<server>/<surface>/<z>/<x>/<y>.png`, native zooms -6..3 (Leaflet scales z=3 up
// for map zooms 4 and 5). A 404 is uncharted ground: it shows the transparent errorTileUrl.
//
// Extends L.TileLayer through its documented hooks (getTileUrl, createTile with the `done`
// callback, redraw). refreshTile/clearTile look a tile up in `this._tiles` by
// `this._tileCoordsToKey()`: a private-API use (stable through Leaflet 1.x), needed because Leaflet
// has no public way to reach one displayed tile.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { tileUrl } from './urls.js';
import { TRANSPARENT_TILE, DEFAULT_LAYER, isLayer } from './tiles.js';
import { TILE_PIXELS, MIN_NATIVE_ZOOM, MAX_NATIVE_ZOOM, MIN_MAP_ZOOM, MAX_MAP_ZOOM } from './coords.js';

export const FactorioTileLayer = L.TileLayer.extend({
  options: {
    /** 'terrain', 'chart' or 'entities' (protocol WsMessages.Layer). */
    layer: DEFAULT_LAYER,
    /** Server id; null shows nothing (no server chosen yet). */
    server: null,
    surface: 1,
    /** Page base URL tile paths are resolved against (null = document.baseURI). */
    base: null,
    tileSize: TILE_PIXELS,
    minZoom: MIN_MAP_ZOOM,
    maxZoom: MAX_MAP_ZOOM,
    minNativeZoom: MIN_NATIVE_ZOOM,
    maxNativeZoom: MAX_NATIVE_ZOOM,
    noWrap: true,
    keepBuffer: 4,
    /** Missing (404) and deleted tiles: transparent, never a broken-image icon. */
    errorTileUrl: TRANSPARENT_TILE,
    /** Class of the layer's container (Leaflet's className option). */
    className: 'kfk-tile-layer',
    /** Class of every tile <img> (test hook). */
    tileClassName: 'kfk-tile',
  },

  initialize(options) {
    L.TileLayer.prototype.initialize.call(this, '', options);
    if (!isLayer(this.options.layer)) throw new RangeError(`unknown tile layer '${this.options.layer}'`);
    this.options.className = `${this.options.className} ${this.options.className}--${this.options.layer}`;
  },

  /** {layer, server, surface} this layer shows (what tile messages are matched against). */
  getAddress() {
    const { layer, server, surface } = this.options;
    return { layer, server, surface };
  },

  /** Shows another server and/or surface; redraws (drops every tile) only when it changed. */
  setAddress({ server, surface }) {
    const o = this.options;
    const next = { server: server === undefined ? o.server : server, surface: surface === undefined ? o.surface : surface };
    if (next.server === o.server && next.surface === o.surface) return this;
    o.server = next.server;
    o.surface = next.surface;
    return this.redraw();
  },

  getTileUrl(coords) {
    const o = this.options;
    if (o.server == null) return o.errorTileUrl;
    return tileUrl(this._base(), { layer: o.layer, server: o.server, surface: o.surface, z: coords.z, x: coords.x, y: coords.y });
  },

  createTile(coords, done) {
    // Leaflet's `done` runs its tile-ready bookkeeping (fade-in, pruning). Once a tile has loaded,
    // later src swaps by refreshTile/clearTile must not run it again, or the tile would fade from
    // transparent: pass calls through only until the first successful load. (Before that, a 404
    // ends in errorTileUrl's load, which is that first success.)
    let loaded = false;
    const once = (err, tile) => {
      if (loaded) return;
      if (!err) loaded = true;
      done(err, tile);
    };
    const img = L.TileLayer.prototype.createTile.call(this, coords, once);
    L.DomUtil.addClass(img, this.options.tileClassName);
    img.dataset.layer = this.options.layer;
    img.dataset.z = String(coords.z);
    img.dataset.x = String(coords.x);
    img.dataset.y = String(coords.y);
    return img;
  },

  /**
   * Reloads one displayed tile from its versioned URL (`?v=<etag>`, immutable) after a `tile`
   * message. The old image stays until the new one has loaded (the browser swaps img sources that
   * way), so nothing flashes. Returns whether the tile is displayed (otherwise nothing to do: a
   * tile created later fetches the live URL, which already serves the new bytes).
   */
  refreshTile(z, x, y, etag) {
    const img = this._tileImg(z, x, y);
    if (!img || this.options.server == null) return false;
    const o = this.options;
    img.dataset.etag = etag;
    img.src = tileUrl(this._base(), { layer: o.layer, server: o.server, surface: o.surface, z, x, y }, etag);
    return true;
  },

  /** Clears one displayed tile after a `tile-deleted` message. Returns whether it was displayed. */
  clearTile(z, x, y) {
    const img = this._tileImg(z, x, y);
    if (!img) return false;
    delete img.dataset.etag;
    img.src = this.options.errorTileUrl;
    return true;
  },

  _tileImg(z, x, y) {
    if (!this._map || !this._tiles) return null;
    const tile = this._tiles[this._tileCoordsToKey({ x, y, z })]; // private API, see the header
    return tile ? tile.el : null;
  },

  _base() {
    return this.options.base ?? document.baseURI;
  },
});
