// Map tags as labelled markers (protocol TagUpdate): loaded from `api/servers/{s}/surfaces/{n}/tags`
// when the server or surface changes, kept live by `tag` / `tag-deleted` messages. Test hooks: the
// marker root has class `kfk-tag` and data-tag="<surface>/<id>"; the label (child `.kfk-tag-label`)
// is set with textContent only (tag text is user input).
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { gameToLatLng } from './coords.js';
import { normaliseTag, tagHook, tagKey, tagLabel } from './tags.js';
import { tagsUrl } from './urls.js';

const TagIcon = L.DivIcon.extend({
  options: { className: 'kfk-tag', iconSize: [12, 12], iconAnchor: [6, 6], hook: '', label: '' },

  initialize(options) {
    L.Util.setOptions(this, options);
    const span = document.createElement('span');
    span.className = 'kfk-tag-label';
    span.textContent = this.options.label;
    this.options.html = span;
  },

  createIcon(oldIcon) {
    const div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
    div.setAttribute('data-tag', this.options.hook);
    div.setAttribute('title', this.options.label);
    return div;
  },
});

export const TagLayer = L.LayerGroup.extend({
  options: {
    /** Page base URL (null = document.baseURI). */
    base: null,
    /** {server, surface} shown. */
    filter: { server: null, surface: 1 },
    fetch: globalThis.fetch?.bind(globalThis),
  },

  initialize(options) {
    L.LayerGroup.prototype.initialize.call(this, [], options);
    this._filter = { ...this.options.filter };
    this._tags = new Map(); // tagKey → normalised tag (every server and surface heard of)
    this._markers = new Map(); // tagKey → L.Marker
    this._loadGeneration = 0;
  },

  /** Shows another server / surface and reloads its tags from REST. */
  setFilter(filter) {
    const next = { ...this._filter, ...filter };
    const changed = next.server !== this._filter.server || next.surface !== this._filter.surface;
    this._filter = next;
    for (const key of this._markers.keys()) this._sync(key);
    for (const key of this._tags.keys()) this._sync(key);
    if (changed) this.load();
    return this;
  },

  /** Loads the shown surface's tags (replaces what is known of that surface). */
  async load() {
    const { server, surface } = this._filter;
    if (server == null || !this.options.fetch) return;
    const generation = ++this._loadGeneration;
    try {
      const res = await this.options.fetch(tagsUrl(this.options.base ?? document.baseURI, server, surface),
        { headers: { Accept: 'application/json' } });
      if (!res.ok || generation !== this._loadGeneration) return;
      const list = await res.json();
      if (!Array.isArray(list) || generation !== this._loadGeneration) return;
      const fresh = new Set();
      for (const raw of list) {
        const t = normaliseTag(raw);
        if (!t || t.server !== server || t.surface !== surface) continue;
        const key = tagKey(t.server, t.surface, t.id);
        fresh.add(key);
        this._tags.set(key, t);
        this._sync(key);
      }
      for (const [key, t] of this._tags) {
        if (t.server === server && t.surface === surface && !fresh.has(key)) {
          this._tags.delete(key);
          this._sync(key);
        }
      }
    } catch {
      /* offline: live messages and the next load fill in */
    }
  },

  /** Applies a `tag` or `tag-deleted` message. */
  handleMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'tag') {
      const t = normaliseTag(msg.tag);
      if (!t) return;
      const key = tagKey(t.server, t.surface, t.id);
      this._tags.set(key, t);
      this._sync(key);
    } else if (msg.type === 'tag-deleted' && typeof msg.server === 'string'
        && Number.isInteger(msg.surface) && Number.isSafeInteger(msg.id)) {
      const key = tagKey(msg.server, msg.surface, msg.id);
      this._tags.delete(key);
      this._sync(key);
    }
  },

  _sync(key) {
    const t = this._tags.get(key);
    const shown = t && t.server === this._filter.server && t.surface === this._filter.surface;
    const old = this._markers.get(key);
    if (old) {
      this.removeLayer(old);
      this._markers.delete(key);
    }
    if (!shown) return;
    const marker = L.marker(gameToLatLng(t.x, t.y), {
      icon: new TagIcon({ hook: tagHook(t), label: tagLabel(t) }),
      keyboard: false,
      interactive: false,
    });
    this._markers.set(key, marker);
    this.addLayer(marker);
  },
});
