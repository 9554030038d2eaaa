// The Leaflet map of one Kafkatorio view: CRS, panes, terrain / game-chart tiles of the selected
// surface, the entities overlay, the chunk grid above them, player and map-tag markers, the
// "what is here?" popup and the controls. It consumes WebSocket
// messages; main.js does the wiring.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { MIN_MAP_ZOOM, MAX_MAP_ZOOM, gameToLatLng, latLngToGame } from './coords.js';
import { ServerClock, FRESHNESS_DEFAULTS } from './freshness.js';
import { ChunkGridLayer } from './ChunkGridLayer.js';
import { PlayerLayer } from './PlayerLayer.js';
import { FreshnessControl } from './FreshnessControl.js';
import { CursorControl } from './CursorControl.js';
import { FactorioTileLayer } from './FactorioTileLayer.js';
import { TagLayer } from './TagLayer.js';
import { tileMessageTarget, isBaseLayer as isLayer, DEFAULT_LAYER } from './tiles.js';
import { OVERLAYS } from './permalink.js';
import { atUrl } from './urls.js';
import { atLines } from './changes.js';
import { surfaceBounds } from './surfaces.js';

/** CRS.Simple with y pointing south like the game: LatLng = [game y, game x], 2^z px per tile. */
export const FactorioCRS = L.Util.extend({}, L.CRS.Simple, {
  transformation: L.transformation(1, 0, 1, 0),
});

const DEFAULTS = Object.freeze({
  /** Initial view {server, surface, x, y, z} (see permalink.js). */
  view: { server: null, surface: 1, x: 0, y: 0, z: 0, layer: DEFAULT_LAYER },
  /** Page base URL tile paths are resolved against (null = document.baseURI). */
  base: null,
  minZoom: MIN_MAP_ZOOM,
  maxZoom: MAX_MAP_ZOOM,
  staleAfterMs: FRESHNESS_DEFAULTS.staleAfterMs,
  offlineAfterMs: FRESHNESS_DEFAULTS.offlineAfterMs,
  /** Glide duration of player markers (ms, 0 = jump). */
  moveDurationMs: 250,
  /** Chunk grid opacity: subtle over terrain. */
  gridOpacity: 0.6,
  /** Base layer names in the layers control (constants: the control renders names as HTML). */
  layerNames: { terrain: 'terrain', chart: 'game chart' },
  overlayNames: { entities: 'entities', players: 'players', tags: 'map tags', grid: 'chunk grid' },
  /** Fetch for the "what is here?" popup (tests may inject). */
  fetch: globalThis.fetch?.bind(globalThis),
  /** Fitting a surface's bounds never zooms in beyond this (one chunk per 256-px tile). */
  fitMaxZoom: 3,
});

export class KafkatorioMap {
  constructor(element, options = {}) {
    this.options = { ...DEFAULTS, ...options, view: { ...DEFAULTS.view, ...(options.view || {}) } };
    const { view } = this.options;
    this._selection = { server: view.server, surface: view.surface };
    this._layer = isLayer(view.layer) ? view.layer : DEFAULT_LAYER;
    this._clock = new ServerClock();
    this._statuses = new Map(); // server → ServerStatus
    this._connected = false;
    this._clockFromWs = false;

    this.map = L.map(element, {
      crs: FactorioCRS,
      center: gameToLatLng(view.x, view.y),
      zoom: view.z,
      minZoom: this.options.minZoom,
      maxZoom: this.options.maxZoom,
      zoomSnap: 1,
      attributionControl: false,
    });
    // Panes: terrain / chart tiles in the default tilePane (z 200), grid above it.
    this.map.createPane('kfk-grid').style.zIndex = 250;
    this.map.getPane('kfk-grid').style.pointerEvents = 'none';

    // One layer per kind, re-addressed when the server or surface changes (setAddress redraws).
    /** layer name ('terrain' | 'chart') → FactorioTileLayer */
    this.tileLayers = {};
    for (const layer of ['terrain', 'chart']) {
      this.tileLayers[layer] = new FactorioTileLayer({
        layer,
        base: this.options.base,
        server: view.server,
        surface: view.surface,
        minZoom: this.options.minZoom,
        maxZoom: this.options.maxZoom,
      });
    }
    this.tileLayers[this._layer].addTo(this.map);
    // Entities: a transparent overlay above either base layer (same pane, higher zIndex).
    this.entityLayer = new FactorioTileLayer({
      layer: 'entities',
      base: this.options.base,
      server: view.server,
      surface: view.surface,
      minZoom: this.options.minZoom,
      maxZoom: this.options.maxZoom,
      zIndex: 5,
    });

    this.grid = new ChunkGridLayer({
      minZoom: this.options.minZoom,
      maxZoom: this.options.maxZoom,
      opacity: this.options.gridOpacity,
    });
    this.players = new PlayerLayer({
      filter: this._selection,
      moveDurationMs: this.options.moveDurationMs,
    });
    this.tags = new TagLayer({ base: this.options.base, filter: this._selection });
    /** overlay name (permalink.js OVERLAYS) → layer */
    this.overlays = { entities: this.entityLayer, players: this.players, tags: this.tags, grid: this.grid };
    const hidden = new Set(Array.isArray(view.hide) ? view.hide : []);
    for (const name of OVERLAYS) {
      if (!hidden.has(name)) this.overlays[name].addTo(this.map);
    }
    this.tags.load();
    this.freshness = new FreshnessControl({
      staleAfterMs: this.options.staleAfterMs,
      offlineAfterMs: this.options.offlineAfterMs,
      source: () => this._freshnessSource(),
    }).addTo(this.map);
    this.cursor = new CursorControl().addTo(this.map);

    const names = this.options.layerNames;
    const overlays = this.options.overlayNames;
    this.layersControl = L.control.layers(
      { [names.terrain]: this.tileLayers.terrain, [names.chart]: this.tileLayers.chart },
      Object.fromEntries(OVERLAYS.map((name) => [overlays[name], this.overlays[name]])),
      { position: 'topright' },
    ).addTo(this.map);
    this.map.on('baselayerchange', (e) => {
      const entry = Object.entries(this.tileLayers).find(([, l]) => l === e.layer);
      if (entry) this._layer = entry[0];
    });
    this.map.on('click', (e) => this._whatIsHere(e.latlng));
  }

  /** Overlays switched off (permalink `hide`), in OVERLAYS order. */
  getHidden() {
    return OVERLAYS.filter((name) => !this.map.hasLayer(this.overlays[name]));
  }

  /** Shows every overlay but the listed ones (the layers control follows). */
  setHidden(hidden) {
    const off = new Set(Array.isArray(hidden) ? hidden : []);
    for (const name of OVERLAYS) {
      const layer = this.overlays[name];
      if (off.has(name) && this.map.hasLayer(layer)) this.map.removeLayer(layer);
      if (!off.has(name) && !this.map.hasLayer(layer)) layer.addTo(this.map);
    }
  }

  /** Popup at a clicked point: its coordinates and what the tile server knows is there. */
  async _whatIsHere(latlng) {
    const { x, y } = latLngToGame(latlng);
    const { server, surface } = this._selection;
    const box = document.createElement('div');
    box.className = 'kfk-at';
    const render = (lines) => {
      box.replaceChildren(...lines.map((text, i) => {
        const div = document.createElement('div');
        div.className = i === 0 ? 'kfk-at-where' : 'kfk-at-entity';
        div.textContent = text; // entity and force names come from the game: text only
        return div;
      }));
    };
    render([...atLines(null, x, y).slice(0, 1), server == null ? 'no server chosen' : 'looking…']);
    const popup = L.popup({ maxWidth: 420 }).setLatLng(latlng).setContent(box).openOn(this.map);
    if (server == null || !this.options.fetch) return;
    try {
      const res = await this.options.fetch(atUrl(this.options.base ?? document.baseURI, server, surface, x, y),
        { headers: { Accept: 'application/json' } });
      if (!res.ok) {
        render([atLines(null, x, y)[0], `lookup failed (${res.status})`]);
      } else {
        render(atLines(await res.json(), x, y));
      }
    } catch {
      render([atLines(null, x, y)[0], 'offline']);
    }
    popup.update();
  }

  /** The current view {server, surface, x, y, z, layer, hide} for the permalink. */
  getView() {
    const { x, y } = latLngToGame(this.map.getCenter());
    return { ...this._selection, x, y, z: this.map.getZoom(), layer: this._layer, hide: this.getHidden() };
  }

  /** The shown tile layer: 'terrain' or 'chart'. */
  getLayer() {
    return this._layer;
  }

  /** Shows the terrain or the game chart (the layers control follows). */
  setLayer(layer) {
    if (!isLayer(layer) || layer === this._layer) return;
    this.map.removeLayer(this.tileLayers[this._layer]);
    this._layer = layer;
    this.tileLayers[layer].addTo(this.map); // the layers control fires 'baselayerchange'
  }

  /**
   * Fits the view to a surface's charted bounds (normalised SurfaceUpdate, see surfaces.js); a
   * surface without chunks centres on 0, 0. Returns whether it had bounds.
   */
  fitSurface(surface) {
    const b = surfaceBounds(surface);
    if (!b) {
      this.map.setView(gameToLatLng(0, 0), this.map.getZoom(), { animate: false });
      return false;
    }
    const bounds = L.latLngBounds(gameToLatLng(b.x0, b.y0), gameToLatLng(b.x1, b.y1));
    this.map.fitBounds(bounds, { animate: false, maxZoom: this.options.fitMaxZoom, padding: [16, 16] });
    return true;
  }

  /** Moves to a view (any subset of {server, surface, x, y, z, layer}). */
  setView(view) {
    this.setSelection(view);
    if (view.layer !== undefined) this.setLayer(view.layer);
    if (view.hide !== undefined) this.setHidden(view.hide);
    const cur = this.getView();
    const x = view.x ?? cur.x;
    const y = view.y ?? cur.y;
    const z = view.z ?? cur.z;
    this.map.setView(gameToLatLng(x, y), z, { animate: false });
  }

  /** Chooses the server (null = all) and surface whose players are shown. */
  setSelection({ server, surface }) {
    if (server !== undefined) this._selection.server = server;
    if (surface !== undefined) this._selection.surface = surface;
    this.players.setFilter(this._selection);
    this.tags.setFilter(this._selection);
    for (const layer of Object.values(this.tileLayers)) layer.setAddress(this._selection);
    this.entityLayer.setAddress(this._selection);
    this.freshness.refresh();
  }

  getSelection() {
    return { ...this._selection };
  }

  /** WebSocket open/closed. */
  setConnected(connected) {
    this._connected = connected;
    this.freshness.refresh();
  }

  /**
   * Applies one message {v, type, server, sentAt, ...}. `source` 'ws' messages set the server clock;
   * 'rest' ones (HTTP Date header, 1 s resolution) only until a WebSocket stamp arrives.
   * Unknown types are ignored.
   */
  handleMessage(msg, { source = 'ws', receivedAt = Date.now() } = {}) {
    if (!msg || typeof msg !== 'object') return;
    if (source === 'ws' || !this._clockFromWs) {
      if (Number.isFinite(msg.sentAt)) {
        if (source === 'ws' && !this._clockFromWs) {
          this._clock = new ServerClock(); // drop coarse REST samples
          this._clockFromWs = true;
        }
        this._clock.observe(msg.sentAt, receivedAt);
      }
    }
    switch (msg.type) {
      case 'player':
        this.players.update(msg.player);
        break;
      case 'server':
        this._onStatus(msg.status);
        break;
      case 'tile':
      case 'tile-deleted':
        this._onTile(msg);
        break;
      case 'tag':
      case 'tag-deleted':
        this.tags.handleMessage(msg);
        break;
      default:
        // 'surface', 'surface-deleted' go to SurfaceCatalog, 'change' to the recent-changes panel
        // (main.js); unknown types are ignored
        break;
    }
  }

  /** Reloads (tile) or clears (tile-deleted) exactly the addressed tile if a shown layer has it. */
  _onTile(msg) {
    for (const layer of [...Object.values(this.tileLayers), this.entityLayer]) {
      const t = tileMessageTarget(msg, layer.getAddress());
      if (!t) continue;
      if (t.etag === null) layer.clearTile(t.z, t.x, t.y);
      else layer.refreshTile(t.z, t.x, t.y, t.etag);
    }
  }

  _onStatus(status) {
    if (!status || typeof status.server !== 'string' || !Number.isFinite(status.lastPacketAt)) return;
    const prev = this._statuses.get(status.server);
    if (prev && prev.lastPacketAt > status.lastPacketAt) return;
    this._statuses.set(status.server, status);
    this.freshness.refresh();
  }

  /** The status of the selected server, or with all servers the one heard from last. */
  getStatus() {
    if (this._selection.server != null) return this._statuses.get(this._selection.server) || null;
    let best = null;
    for (const s of this._statuses.values()) if (!best || s.lastPacketAt > best.lastPacketAt) best = s;
    return best;
  }

  _freshnessSource() {
    const status = this.getStatus();
    return {
      connected: this._connected,
      lastPacketAt: status ? status.lastPacketAt : null,
      serverNow: this._clock.now(),
    };
  }
}
