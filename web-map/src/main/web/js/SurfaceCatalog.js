// The surfaces of each server: loaded from GET api/servers/{server}/surfaces and kept current by the
// WebSocket `surface` / `surface-deleted` messages. No Leaflet: a plain EventTarget, so node can
// test it with a fake fetch.
//
// Events (CustomEvent): 'change'  detail = {server}  the list of that server changed.
import { surfacesUrl } from './urls.js';
import { normaliseSurface, compareSurfaces, surfaceLabel } from './surfaces.js';

const DEFAULTS = Object.freeze({
  /** Page base URL all paths are resolved against. */
  base: 'http://localhost/',
  /** Injectable (tests). */
  fetch: globalThis.fetch?.bind(globalThis),
});

export class SurfaceCatalog extends EventTarget {
  constructor(options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options };
    this._servers = new Map(); // server → Map(surface index → normalised SurfaceUpdate)
    this._wsEpoch = new Map(); // server → count of WebSocket surface messages applied
  }

  /** The surfaces of a server in picker order. */
  list(server) {
    const m = this._servers.get(server);
    return m ? [...m.values()].sort(compareSurfaces) : [];
  }

  /** One surface, or undefined. */
  get(server, surface) {
    return this._servers.get(server)?.get(surface);
  }

  /**
   * Applies a WebSocket message; `surface` and `surface-deleted` change the list, other types are
   * ignored. Returns whether the list changed.
   */
  handleMessage(msg) {
    if (!msg || typeof msg.server !== 'string') return false;
    if (msg.type === 'surface') {
      const s = normaliseSurface(msg.surface, msg.server);
      if (!s || s.server !== msg.server) return false;
      this._bump(s.server);
      return this._put(s.server, [s], false);
    }
    if (msg.type === 'surface-deleted') {
      if (!Number.isInteger(msg.surface)) return false;
      this._bump(msg.server);
      const m = this._servers.get(msg.server);
      if (!m || !m.delete(msg.surface)) return false;
      this._changed(msg.server);
      return true;
    }
    return false;
  }

  /**
   * Loads a server's list over REST. The answer replaces the list unless WebSocket surface messages
   * for that server arrived meanwhile (they are newer): then it only adds and updates.
   */
  async load(server) {
    const { fetch, base } = this.options;
    if (server == null || !fetch) return false;
    const epoch = this._wsEpoch.get(server) || 0;
    let list;
    try {
      const res = await fetch(surfacesUrl(base, server), { headers: { Accept: 'application/json' } });
      if (!res.ok) return false;
      list = await res.json();
    } catch {
      return false; // network down: the WebSocket snapshot or the next load fills the list
    }
    if (!Array.isArray(list)) return false;
    const surfaces = list.map((raw) => normaliseSurface(raw, server)).filter((s) => s && s.server === server);
    return this._put(server, surfaces, (this._wsEpoch.get(server) || 0) === epoch);
  }

  _bump(server) {
    this._wsEpoch.set(server, (this._wsEpoch.get(server) || 0) + 1);
  }

  _put(server, surfaces, replace) {
    const old = this._servers.get(server) || new Map();
    const next = replace ? new Map() : new Map(old);
    for (const s of surfaces) next.set(s.surface, s);
    this._servers.set(server, next);
    const changed = old.size !== next.size
      || [...next].some(([i, s]) => !sameSurface(old.get(i), s));
    if (changed) this._changed(server);
    return changed;
  }

  _changed(server) {
    this.dispatchEvent(new CustomEvent('change', { detail: { server } }));
  }
}

function sameSurface(a, b) {
  return !!a && !!b && surfaceLabel(a) === surfaceLabel(b) && a.chunks === b.chunks
    && a.minCx === b.minCx && a.minCy === b.minCy && a.maxCx === b.maxCx && a.maxCy === b.maxCy;
}
