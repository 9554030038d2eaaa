// Pure helpers for SurfaceUpdate objects (protocol SurfaceUpdate.java): validation, labels,
// ordering and bounds. Names are user input (players can rename platforms): callers render labels
// with textContent / option.text only.
import { CHUNK_TILES } from './coords.js';

export const SURFACE_KINDS = Object.freeze(['planet', 'platform', 'other']);

/** Labels longer than this are cut (a platform name can be long). */
const MAX_NAME = 60;

function int(n, fallback = 0) {
  return Number.isSafeInteger(n) ? n : fallback;
}

/**
 * Validates a SurfaceUpdate from the wire and returns a clean copy, or null. `server` is the
 * envelope's server, used when the update lacks one.
 */
export function normaliseSurface(raw, server = null) {
  if (raw === null || typeof raw !== 'object') return null;
  const srv = typeof raw.server === 'string' && raw.server !== '' ? raw.server : server;
  if (typeof srv !== 'string' || srv === '') return null;
  if (!Number.isInteger(raw.surface) || raw.surface < 1) return null;
  return {
    server: srv,
    surface: raw.surface,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind: SURFACE_KINDS.includes(raw.kind) ? raw.kind : 'other',
    planet: typeof raw.planet === 'string' ? raw.planet : '',
    chunks: Number.isFinite(raw.chunks) && raw.chunks > 0 ? raw.chunks : 0,
    minCx: int(raw.minCx),
    minCy: int(raw.minCy),
    maxCx: int(raw.maxCx),
    maxCy: int(raw.maxCy),
  };
}

/** The name shown for a surface: its name (trimmed, cut), or "surface <n>" when it has none. */
export function surfaceName(s) {
  const name = s.name.replace(/\s+/g, ' ').trim();
  if (name === '') return `surface ${s.surface}`;
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME - 1) + '…' : name;
}

/** Picker label: "Nauvis (planet)", "Ship 1 (platform)", "surface 7 (other)". Plain text. */
export function surfaceLabel(s) {
  return `${surfaceName(s)} (${s.kind})`;
}

/** Picker order: planets, then platforms, then others; by name within a kind, then by index. */
export function compareSurfaces(a, b) {
  const k = SURFACE_KINDS.indexOf(a.kind) - SURFACE_KINDS.indexOf(b.kind);
  if (k !== 0) return k;
  const n = surfaceName(a).localeCompare(surfaceName(b), undefined, { sensitivity: 'base', numeric: true });
  return n !== 0 ? n : a.surface - b.surface;
}

/**
 * Game-tile bounds {x0, y0, x1, y1} (x1/y1 exclusive) of a surface's charted chunks, or null when it
 * has none yet.
 */
export function surfaceBounds(s) {
  if (!s || !(s.chunks > 0) || s.maxCx < s.minCx || s.maxCy < s.minCy) return null;
  return {
    x0: s.minCx * CHUNK_TILES,
    y0: s.minCy * CHUNK_TILES,
    x1: (s.maxCx + 1) * CHUNK_TILES,
    y1: (s.maxCy + 1) * CHUNK_TILES,
  };
}
