// The Leaflet map of one Kafkatorio view: CRS, panes, the chunk grid (future terrain goes beneath
// it), player markers and the controls. It consumes WebSocket messages; main.js does the wiring.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { MIN_MAP_ZOOM, MAX_MAP_ZOOM, gameToLatLng, latLngToGame } from './coords.js';
import { ServerClock, FRESHNESS_DEFAULTS } from './freshness.js';
import { ChunkGridLayer } from './ChunkGridLayer.js';
import { PlayerLayer } from './PlayerLayer.js';
import { FreshnessControl } from './FreshnessControl.js';
import { CursorControl } from './CursorControl.js';

/** CRS.Simple with y pointing south like the game: LatLng = [game y, game x], 2^z px per tile. */
export const FactorioCRS = L.Util.extend({}, L.CRS.Simple, {
  transformation: L.transformation(1, 0, 1, 0),
});

const DEFAULTS = Object.freeze({
  /** Initial view {server, surface, x, y, z} (see permalink.js). */
  view: { server: null, surface: 1, x: 0, y: 0, z: 0 },
  minZoom: MIN_MAP_ZOOM,
  maxZoom: MAX_MAP_ZOOM,
  staleAfterMs: FRESHNESS_DEFAULTS.staleAfterMs,
  offlineAfterMs: FRESHNESS_DEFAULTS.offlineAfterMs,
  /** Glide duration of player markers (ms, 0 = jump). */
  moveDurationMs: 250,
});

export class KafkatorioMap {
  constructor(element, options = {}) {
    this.options = { ...DEFAULTS, ...options, view: { ...DEFAULTS.view, ...(options.view || {}) } };
    const { view } = this.options;
    this._selection = { server: view.server, surface: view.surface };
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
    // Panes: terrain (future FactorioTileLayer) in the default tilePane (z 200), grid above it.
    this.map.createPane('kfk-grid').style.zIndex = 250;
    this.map.getPane('kfk-grid').style.pointerEvents = 'none';

    this.grid = new ChunkGridLayer({ minZoom: this.options.minZoom, maxZoom: this.options.maxZoom }).addTo(this.map);
    this.players = new PlayerLayer({
      filter: this._selection,
      moveDurationMs: this.options.moveDurationMs,
    }).addTo(this.map);
    this.freshness = new FreshnessControl({
      staleAfterMs: this.options.staleAfterMs,
      offlineAfterMs: this.options.offlineAfterMs,
      source: () => this._freshnessSource(),
    }).addTo(this.map);
    this.cursor = new CursorControl().addTo(this.map);
  }

  /** Adds a terrain layer (e.g. the next issue's FactorioTileLayer) beneath the chunk grid. */
  addTerrainLayer(layer) {
    return layer.addTo(this.map);
  }

  /** The current view {server, surface, x, y, z} for the permalink. */
  getView() {
    const { x, y } = latLngToGame(this.map.getCenter());
    return { ...this._selection, x, y, z: this.map.getZoom() };
  }

  /** Moves to a view (any subset of {server, surface, x, y, z}). */
  setView(view) {
    this.setSelection(view);
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
      default:
        // 'tile', 'tile-deleted', 'surface', ...: not yet
        break;
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
