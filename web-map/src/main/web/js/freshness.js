// Pure freshness logic: packet ages measured on the tile server's clock, not the browser's.

export const FRESHNESS_DEFAULTS = Object.freeze({
  /** Older than this is "stale". */
  staleAfterMs: 10_000,
  /** No packet for this long is "server offline". */
  offlineAfterMs: 30_000,
});

/**
 * State and label for the freshness control.
 * @param {object} p
 * @param {boolean} p.connected  WebSocket open
 * @param {number|null} p.lastPacketAt  ServerStatus.lastPacketAt (epoch ms) or null if no status
 * @param {number|null} p.serverNow  estimated tile-server clock now (epoch ms) or null if unknown
 * @returns {{state: 'live'|'stale'|'offline'|'disconnected', text: string, ageMs: number|null}}
 */
export function freshnessState({ connected, lastPacketAt, serverNow }, options = FRESHNESS_DEFAULTS) {
  const { staleAfterMs, offlineAfterMs } = { ...FRESHNESS_DEFAULTS, ...options };
  if (!connected) return { state: 'disconnected', text: 'disconnected', ageMs: null };
  if (!Number.isFinite(lastPacketAt) || !Number.isFinite(serverNow)) {
    return { state: 'offline', text: 'server offline', ageMs: null };
  }
  const ageMs = Math.max(0, serverNow - lastPacketAt);
  const secs = Math.floor(ageMs / 1000);
  if (ageMs >= offlineAfterMs) return { state: 'offline', text: 'server offline', ageMs };
  if (ageMs >= staleAfterMs) return { state: 'stale', text: `stale · ${secs} s`, ageMs };
  return { state: 'live', text: `live · ${secs} s ago`, ageMs };
}

/**
 * Estimates the tile server's clock from message `sentAt` stamps. Each sample is
 * offset = sentAt − local receive time, which underestimates by the network latency, so the
 * estimate is the largest offset among the recent samples.
 */
export class ServerClock {
  constructor(window = 16) {
    this._window = window;
    this._offsets = [];
  }

  /** Records a message stamped `sentAt` (server epoch ms) received at `localNow`. */
  observe(sentAt, localNow = Date.now()) {
    if (!Number.isFinite(sentAt)) return;
    this._offsets.push(sentAt - localNow);
    if (this._offsets.length > this._window) this._offsets.shift();
  }

  /** Whether any sample has been seen. */
  get known() {
    return this._offsets.length > 0;
  }

  /** Estimated server time now, or null before the first sample. */
  now(localNow = Date.now()) {
    return this.known ? localNow + Math.max(...this._offsets) : null;
  }
}
