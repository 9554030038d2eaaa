// Pure permalink helpers:
// #server=<id>&surface=<n>&x=<game x>&y=<game y>&z=<zoom>[&layer=chart][&hide=entities,tags]
import { MIN_MAP_ZOOM, MAX_MAP_ZOOM } from './coords.js';
import { DEFAULT_LAYER, isBaseLayer as isLayer } from './tiles.js';

/** Same rule as protocol Keys.SERVER_ID. */
export const SERVER_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The view a map starts with when the hash says nothing (server null = first known server). */
export const DEFAULT_VIEW = Object.freeze({ server: null, surface: 1, x: 0, y: 0, z: 0, layer: DEFAULT_LAYER, hide: Object.freeze([]) });

/** Overlays that can be switched off, in permalink order (all are on by default). */
export const OVERLAYS = Object.freeze(['entities', 'players', 'tags', 'grid']);

/**
 * The hidden overlays of a `hide` value ('entities,tags'): known names only, each once, in
 * OVERLAYS order; null when the value is absent.
 */
export function parseHide(text) {
  if (typeof text !== 'string') return null;
  const names = new Set(text.split(',').map((s) => s.trim()));
  return OVERLAYS.filter((o) => names.has(o));
}

/** The `hide` value of a list of hidden overlays ('' when none). */
export function formatHide(hidden) {
  if (!Array.isArray(hidden)) return '';
  return OVERLAYS.filter((o) => hidden.includes(o)).join(',');
}

/** Game coordinates beyond this are garbage (Factorio maps end at ±1,000,000 tiles). */
const MAX_COORD = 2_000_000;

function parseNumber(text, min, max) {
  if (typeof text !== 'string' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/**
 * Parses a location hash (with or without the leading '#'). Each field that is missing or invalid
 * falls back to `defaults` field by field, so a garbage hash gives the default view.
 */
export function parsePermalink(hash, defaults = DEFAULT_VIEW) {
  const view = { ...defaults };
  if (typeof hash !== 'string') return view;
  let params;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return view;
  }
  const server = params.get('server');
  if (server !== null && SERVER_ID.test(server)) view.server = server;
  const surface = parseNumber(params.get('surface'), 1, 2 ** 31 - 1);
  if (surface !== null && Number.isInteger(surface)) view.surface = surface;
  const x = parseNumber(params.get('x'), -MAX_COORD, MAX_COORD);
  if (x !== null) view.x = x;
  const y = parseNumber(params.get('y'), -MAX_COORD, MAX_COORD);
  if (y !== null) view.y = y;
  const z = parseNumber(params.get('z'), MIN_MAP_ZOOM, MAX_MAP_ZOOM);
  if (z !== null) view.z = z;
  const layer = params.get('layer');
  if (isLayer(layer)) view.layer = layer;
  const hide = parseHide(params.get('hide'));
  if (hide !== null) view.hide = hide;
  return view;
}

/** Whether a hash names a valid position (both x and y): if not, the map fits the surface. */
export function hasPosition(hash) {
  if (typeof hash !== 'string') return false;
  const missing = { ...DEFAULT_VIEW, x: null, y: null };
  const view = parsePermalink(hash, missing);
  return view.x !== null && view.y !== null;
}

function round(n, digits) {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Formats a view as a hash ('#...'); x/y rounded to 1/100 tile, server omitted when null, layer
 * only when it is not the default (terrain), hide only when an overlay is off.
 */
export function formatPermalink(view) {
  const parts = [];
  if (view.server != null && SERVER_ID.test(view.server)) parts.push(`server=${encodeURIComponent(view.server)}`);
  parts.push(`surface=${view.surface}`);
  parts.push(`x=${round(view.x, 2)}`);
  parts.push(`y=${round(view.y, 2)}`);
  parts.push(`z=${round(view.z, 2)}`);
  if (isLayer(view.layer) && view.layer !== DEFAULT_LAYER) parts.push(`layer=${view.layer}`);
  const hide = formatHide(view.hide);
  if (hide !== '') parts.push(`hide=${hide}`);
  return '#' + parts.join('&');
}
