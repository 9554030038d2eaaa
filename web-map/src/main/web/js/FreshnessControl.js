// "live · 2 s ago" / "stale · 45 s" / "server offline" / "disconnected", refreshed every second.
// Hook: element id `freshness`, attribute data-state = live|stale|offline|disconnected.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { freshnessState, FRESHNESS_DEFAULTS } from './freshness.js';

export const FreshnessControl = L.Control.extend({
  options: {
    position: 'topright',
    staleAfterMs: FRESHNESS_DEFAULTS.staleAfterMs,
    offlineAfterMs: FRESHNESS_DEFAULTS.offlineAfterMs,
    refreshMs: 1000,
    /** () => ({connected, lastPacketAt, serverNow}); see freshnessState(). */
    source: () => ({ connected: false, lastPacketAt: null, serverNow: null }),
  },

  onAdd() {
    const el = L.DomUtil.create('div', 'kfk-freshness leaflet-bar');
    el.id = 'freshness';
    el.setAttribute('role', 'status');
    this._el = el;
    this.refresh();
    this._timer = setInterval(() => this.refresh(), this.options.refreshMs);
    return el;
  },

  onRemove() {
    clearInterval(this._timer);
    this._timer = null;
  },

  /** Recomputes the state now (also called by the map when a message arrives). */
  refresh() {
    if (!this._el) return;
    const { state, text } = freshnessState(this.options.source(), this.options);
    if (this._el.getAttribute('data-state') !== state) this._el.setAttribute('data-state', state);
    if (this._el.textContent !== text) this._el.textContent = text;
  },
});
