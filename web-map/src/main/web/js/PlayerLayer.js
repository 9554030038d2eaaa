// Live player markers. Keeps the latest update of every player it has seen and shows those that
// match the filter {server, surface}. Disconnected players stay on the map, greyed (their last
// known position is useful and the hook stays testable); 'removed' players are dropped.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { gameToLatLng } from './coords.js';
import { normalisePlayer, isNewerUpdate, isShown, playerKey, FALLBACK_COLOUR } from './players.js';
import { PlayerIcon } from './PlayerIcon.js';

export const PlayerLayer = L.LayerGroup.extend({
  options: {
    /** Glide duration for a move; 0 jumps. The marker always ends exactly on the reported position. */
    moveDurationMs: 250,
    /** Moves longer than this (game tiles) jump instead of gliding (teleports, respawns). */
    maxGlideTiles: 64,
    fallbackColour: FALLBACK_COLOUR,
    /** Connected players are drawn above disconnected ones. */
    connectedZIndexOffset: 1000,
    /** {server (null = any), surface} */
    filter: { server: null, surface: 1 },
  },

  initialize(options) {
    L.LayerGroup.prototype.initialize.call(this, [], options);
    this._filter = { ...this.options.filter };
    this._players = new Map(); // key → normalised update
    this._markers = new Map(); // key → L.Marker
    this._glides = new Map(); // key → requestAnimationFrame id
    this._looks = new Map(); // key → look() of the marker's icon
  },

  /** Applies a PlayerUpdate from the wire; returns false if it was invalid or out of date. */
  update(raw) {
    const p = normalisePlayer(raw, this.options.fallbackColour);
    if (!p) return false;
    const key = playerKey(p);
    if (!isNewerUpdate(this._players.get(key), p)) return false;
    if (p.event === 'removed') {
      this._players.delete(key);
    } else {
      this._players.set(key, p);
    }
    this._sync(key);
    return true;
  },

  /** Shows the players of one server (null = all) on one surface. */
  setFilter(filter) {
    this._filter = { ...this._filter, ...filter };
    for (const key of new Set([...this._players.keys(), ...this._markers.keys()])) this._sync(key);
    return this;
  },

  getFilter() {
    return { ...this._filter };
  },

  /** The normalised update of a player, or undefined. */
  getPlayer(key) {
    return this._players.get(key);
  },

  /** The marker of a shown player, or undefined. */
  getMarker(key) {
    return this._markers.get(key);
  },

  onRemove(map) {
    for (const key of this._glides.keys()) this._stopGlide(key);
    L.LayerGroup.prototype.onRemove.call(this, map);
  },

  _sync(key) {
    const p = this._players.get(key);
    const marker = this._markers.get(key);
    if (!p || !isShown(p, this._filter)) {
      if (marker) {
        this._stopGlide(key);
        this.removeLayer(marker);
        this._markers.delete(key);
        this._looks.delete(key);
      }
      return;
    }
    const target = L.latLng(gameToLatLng(p.x, p.y));
    if (!marker) {
      const m = L.marker(target, {
        icon: this._icon(key, p),
        keyboard: false,
        riseOnHover: true,
        zIndexOffset: p.connected ? this.options.connectedZIndexOffset : 0,
      });
      this._looks.set(key, look(p));
      this._markers.set(key, m);
      this.addLayer(m);
      return;
    }
    if (this._looks.get(key) !== look(p)) {
      this._looks.set(key, look(p));
      marker.setIcon(this._icon(key, p));
      marker.setZIndexOffset(p.connected ? this.options.connectedZIndexOffset : 0);
    }
    this._glide(key, marker, target);
  },

  _icon(key, p) {
    return new PlayerIcon({ playerKey: key, name: p.name, colour: p.colour, connected: p.connected });
  },

  _glide(key, marker, target) {
    this._stopGlide(key);
    const from = marker.getLatLng();
    const duration = this.options.moveDurationMs;
    const far = Math.abs(from.lat - target.lat) + Math.abs(from.lng - target.lng) > this.options.maxGlideTiles;
    if (!this._map || duration <= 0 || far || document.hidden || typeof requestAnimationFrame !== 'function') {
      marker.setLatLng(target);
      return;
    }
    const start = performance.now();
    const step = (now) => {
      const t = Math.min(1, (now - start) / duration);
      if (t >= 1) {
        this._glides.delete(key);
        marker.setLatLng(target); // exactly the reported position
        return;
      }
      marker.setLatLng([from.lat + (target.lat - from.lat) * t, from.lng + (target.lng - from.lng) * t]);
      this._glides.set(key, requestAnimationFrame(step));
    };
    this._glides.set(key, requestAnimationFrame(step));
  },

  _stopGlide(key) {
    const id = this._glides.get(key);
    if (id !== undefined) cancelAnimationFrame(id);
    this._glides.delete(key);
  },
});

/** What the icon depends on besides the position. */
function look(p) {
  return JSON.stringify([p.name, p.colour, p.connected]);
}
