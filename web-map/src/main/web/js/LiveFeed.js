// The live feed: a WebSocket to the tile server with reconnect + exponential backoff, and a REST
// fallback for the current state when the socket does not deliver it. No Leaflet: a plain
// EventTarget, so node can test it with a fake WebSocket.
//
// Events (CustomEvent, payload in `detail`):
//   'message'       detail = {msg, source: 'ws'|'rest', receivedAt}  msg = {v, type, server, sentAt, ...}
//   'connected'     WebSocket open
//   'disconnected'  WebSocket closed (or failed); a reconnect is scheduled

import { wsUrl, apiUrl, playersUrl, backoffDelay } from './urls.js';
import { authHeaders } from './token.js';

const DEFAULTS = Object.freeze({
  /** Page base URL all paths are resolved against. */
  base: 'http://localhost/',
  /** Server id, or null for all servers. */
  server: null,
  /** Access token (tile server --access-token), sent as ?token= on the socket; null = none. */
  token: null,
  /** Backoff options for backoffDelay(). */
  backoff: { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 },
  /** Fetch the REST state if the socket sent nothing this long after opening. */
  initialStateTimeoutMs: 3_000,
  /** Minimum gap between two REST state fetches. */
  restMinIntervalMs: 10_000,
  /** Injectables (tests). */
  WebSocket: globalThis.WebSocket,
  fetch: globalThis.fetch?.bind(globalThis),
  setTimeout: globalThis.setTimeout?.bind(globalThis),
  clearTimeout: globalThis.clearTimeout?.bind(globalThis),
  now: () => Date.now(),
});

export class LiveFeed extends EventTarget {
  constructor(options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options, backoff: { ...DEFAULTS.backoff, ...(options.backoff || {}) } };
    this._socket = null;
    this._attempt = 0;
    this._reconnectTimer = null;
    this._stateTimer = null;
    this._gotMessage = false;
    this._lastRestAt = -Infinity;
    this._stopped = true;
    this._generation = 0;
  }

  /** Whether the WebSocket is open. */
  get connected() {
    return this._socket !== null && this._socket.readyState === 1;
  }

  get server() {
    return this.options.server;
  }

  /** Opens the socket (idempotent). */
  start() {
    if (!this._stopped) return this;
    this._stopped = false;
    this._connect();
    return this;
  }

  /** Closes the socket and stops reconnecting. */
  stop() {
    this._stopped = true;
    this._generation++;
    this._clearTimers();
    if (this._socket) {
      const s = this._socket;
      this._socket = null;
      try { s.close(1000, 'stop'); } catch { /* already closed */ }
    }
    return this;
  }

  /** Uses another access token (null = none): reconnects at once when it changed. */
  setToken(token) {
    if (token === this.options.token) return this;
    this.options.token = token;
    if (this._stopped) return this;
    this.stop();
    this._attempt = 0;
    return this.start();
  }

  /** Switches to another server (null = all): reconnects at once. */
  setServer(server) {
    if (server === this.options.server && !this._stopped) return this;
    this.stop();
    this.options.server = server;
    this._attempt = 0;
    this._lastRestAt = -Infinity;
    return this.start();
  }

  _clearTimers() {
    const { clearTimeout } = this.options;
    if (this._reconnectTimer !== null) clearTimeout(this._reconnectTimer);
    if (this._stateTimer !== null) clearTimeout(this._stateTimer);
    this._reconnectTimer = this._stateTimer = null;
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _connect() {
    const o = this.options;
    const generation = ++this._generation;
    this._gotMessage = false;
    let socket;
    try {
      socket = new o.WebSocket(wsUrl(o.base, o.server, o.token));
    } catch {
      this._onClosed(generation);
      return;
    }
    this._socket = socket;
    socket.onopen = () => {
      if (generation !== this._generation) return;
      this._attempt = 0;
      this._emit('connected', {});
      this._stateTimer = o.setTimeout(() => {
        this._stateTimer = null;
        if (generation === this._generation && !this._gotMessage) this._fetchState();
      }, o.initialStateTimeoutMs);
    };
    socket.onmessage = (ev) => {
      if (generation !== this._generation) return;
      const msg = parseMessage(ev.data);
      if (!msg) return;
      this._gotMessage = true;
      this._emit('message', { msg, source: 'ws', receivedAt: o.now() });
    };
    socket.onclose = () => this._onClosed(generation);
    socket.onerror = () => { /* onclose follows */ };
  }

  _onClosed(generation) {
    if (generation !== this._generation || this._stopped) return;
    this._generation++;
    this._socket = null;
    this._clearTimers();
    this._emit('disconnected', { attempt: this._attempt });
    // Without a socket, at least show the current state from REST.
    this._fetchState();
    const delay = backoffDelay(this._attempt++, this.options.backoff);
    this._reconnectTimer = this.options.setTimeout(() => {
      this._reconnectTimer = null;
      if (!this._stopped) this._connect();
    }, delay);
  }

  /** Fetches GET api/servers (+ players) and emits them as 'message' events with source 'rest'. */
  async _fetchState() {
    const o = this.options;
    if (!o.fetch || o.now() - this._lastRestAt < o.restMinIntervalMs) return;
    this._lastRestAt = o.now();
    const server = o.server;
    try {
      const res = await o.fetch(apiUrl(o.base, 'api/servers'), { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const sentAt = dateHeader(res);
      const servers = await res.json();
      if (!Array.isArray(servers) || server !== o.server) return;
      const wanted = servers.filter((s) => s && typeof s.server === 'string' && (server == null || s.server === server));
      for (const s of wanted) {
        if (s.status) this._emitRest({ v: 1, type: 'server', server: s.server, sentAt, status: s.status });
        const pres = await o.fetch(playersUrl(o.base, s.server), { headers: authHeaders(o.token) });
        if (!pres.ok) continue;
        const players = await pres.json();
        if (!Array.isArray(players)) continue;
        for (const p of players) {
          this._emitRest({ v: 1, type: 'player', server: s.server, sentAt: dateHeader(pres), player: p });
        }
      }
    } catch {
      // network down: the reconnect loop keeps trying
    }
  }

  _emitRest(msg) {
    // A server switch since the request started makes the answer irrelevant.
    if (this._stopped || msg.server == null) return;
    if (this.options.server != null && msg.server !== this.options.server) return;
    this._emit('message', { msg, source: 'rest', receivedAt: this.options.now() });
  }
}

/** The server clock from an HTTP Date header (1 s resolution), or null. */
function dateHeader(res) {
  const text = res.headers && typeof res.headers.get === 'function' ? res.headers.get('Date') : null;
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** Parses a WebSocket text frame into a message {v, type, ...}, or null if it is not one. */
export function parseMessage(data) {
  if (typeof data !== 'string') return null;
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    return null;
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg) || typeof msg.type !== 'string') return null;
  return msg;
}
