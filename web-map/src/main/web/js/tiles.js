// Pure helpers for map tile layers and the WebSocket `tile` / `tile-deleted` messages
// (protocol WsMessages). No Leaflet: node's test runner loads this module directly.
import { MIN_NATIVE_ZOOM, MAX_NATIVE_ZOOM } from './coords.js';

/** Map layers with tiles (protocol WsMessages.Layer wire names). */
export const LAYERS = Object.freeze(['terrain', 'chart', 'entities']);
/** The opaque alternatives shown as base layers; 'entities' is a transparent overlay above them. */
export const BASE_LAYERS = Object.freeze(['terrain', 'chart']);
export const DEFAULT_LAYER = 'terrain';

/** A transparent 1×1 GIF: what a missing (404, uncharted) or deleted tile shows. */
export const TRANSPARENT_TILE = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export function isLayer(layer) {
  return typeof layer === 'string' && LAYERS.includes(layer);
}

/** Whether `layer` is a base layer (terrain or chart): what the permalink's `layer` may name. */
export function isBaseLayer(layer) {
  return typeof layer === 'string' && BASE_LAYERS.includes(layer);
}

/**
 * Validates a `tile` or `tile-deleted` message and returns its address
 * {layer, server, surface, z, x, y, etag} (etag null for tile-deleted), or null.
 */
export function tileAddress(msg) {
  if (msg === null || typeof msg !== 'object') return null;
  const deleted = msg.type === 'tile-deleted';
  if (msg.type !== 'tile' && !deleted) return null;
  const { layer, server, surface, z, x, y } = msg;
  if (!isLayer(layer) || typeof server !== 'string' || server === '') return null;
  if (!Number.isInteger(surface) || surface < 1) return null;
  if (!Number.isInteger(z) || z < MIN_NATIVE_ZOOM || z > MAX_NATIVE_ZOOM) return null;
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) return null;
  let etag = null;
  if (!deleted) {
    if (typeof msg.etag !== 'string' || msg.etag === '') return null;
    etag = msg.etag;
  }
  return { layer, server, surface, z, x, y, etag };
}

/**
 * The tile {z, x, y, etag} a message asks a layer showing `shown` = {layer, server, surface} to
 * reload (etag string) or clear (etag null), or null when the message is about another layer,
 * server or surface (or is not a valid tile message).
 */
export function tileMessageTarget(msg, shown) {
  const a = tileAddress(msg);
  if (!a || !shown) return null;
  if (a.layer !== shown.layer || a.server !== shown.server || a.surface !== shown.surface) return null;
  return { z: a.z, x: a.x, y: a.y, etag: a.etag };
}
