// Pure coordinate maths of the Kafkatorio tile scheme (mirror of protocol TileScheme.java).
// No Leaflet import here: node's test runner loads this module directly.
//
// Game space: x east, y south, in game tiles. Leaflet CRS.Simple with transformation(1,0,1,0):
// LatLng = [game y, game x]; at zoom z one game tile is 2^z pixels; world pixel = game * 2^z.

/** Pixels per map tile edge. */
export const TILE_PIXELS = 256;
/** Game tiles per chunk edge. */
export const CHUNK_TILES = 32;
/** Native tile zoom range of the tile server. */
export const MAX_NATIVE_ZOOM = 3;
export const MIN_NATIVE_ZOOM = -6;
/** Zoom range the map allows (beyond MAX_NATIVE_ZOOM tiles are scaled up). */
export const MIN_MAP_ZOOM = -6;
export const MAX_MAP_ZOOM = 5;

/** Pixels per game tile at zoom z (z may be negative or fractional). */
export function scale(z) {
  return Math.pow(2, z);
}

/** [lat, lng] for a game position. */
export function gameToLatLng(x, y) {
  return [y, x];
}

/** Game position {x, y} for a Leaflet LatLng-like ({lat, lng} or [lat, lng]). */
export function latLngToGame(latLng) {
  if (Array.isArray(latLng)) return { x: latLng[1], y: latLng[0] };
  return { x: latLng.lng, y: latLng.lat };
}

/** World pixel {x, y} (Leaflet's project() result) of a game position at zoom z. */
export function gameToPixel(x, y, z) {
  const s = scale(z);
  return { x: x * s, y: y * s };
}

/** Game position of a world pixel at zoom z. */
export function pixelToGame(px, py, z) {
  const s = scale(z);
  return { x: px / s, y: py / s };
}

/**
 * Where a game position lands in a map container of `size` ({x, y} px) whose view is centred on game
 * `center` ({x, y}) at zoom z — what an end-to-end test expects of a marker's centre (Leaflet rounds
 * its pixel origin, so allow ±1 px).
 */
export function gameToContainerPoint(game, center, z, size) {
  const s = scale(z);
  return { x: size.x / 2 + (game.x - center.x) * s, y: size.y / 2 + (game.y - center.y) * s };
}

/** Chunk index containing a game coordinate (x or y); floor, so -0.5 is in chunk -1. */
export function chunkOf(game) {
  return Math.floor(game / CHUNK_TILES);
}

/** Tile index containing a game coordinate (x or y); floor. */
export function tileOf(game) {
  return Math.floor(game);
}

function checkNativeZoom(z) {
  if (!Number.isInteger(z) || z < MIN_NATIVE_ZOOM || z > MAX_NATIVE_ZOOM) {
    throw new RangeError(`zoom ${z} outside ${MIN_NATIVE_ZOOM}..${MAX_NATIVE_ZOOM}`);
  }
}

/** Game tiles covered by one map tile along one axis at native zoom z. */
export function gameTilesPerMapTile(z) {
  checkNativeZoom(z);
  return TILE_PIXELS / scale(z);
}

/** Map tile index containing game coordinate `game` (x or y) at native zoom z. */
export function mapTileOf(z, game) {
  return Math.floor(game / gameTilesPerMapTile(z));
}

/** Parent map tile index one zoom level out (z-1). */
export function parentIndex(index) {
  return Math.floor(index / 2);
}

/** Game-tile bounds {x0, y0, x1, y1} (x1/y1 exclusive) of map tile (z, tx, ty); any zoom. */
export function mapTileBounds(z, tx, ty) {
  const span = TILE_PIXELS / scale(z);
  return { x0: tx * span, y0: ty * span, x1: (tx + 1) * span, y1: (ty + 1) * span };
}

/**
 * Pixel offsets (0 ≤ p < TILE_PIXELS, ascending) inside map tile index `t` at zoom z where grid lines
 * every `spacing` game tiles fall along one axis. A line on the tile's far edge belongs to the next
 * tile, so neighbouring tiles never draw it twice.
 */
export function gridLineOffsets(z, t, spacing) {
  const s = scale(z);
  const span = TILE_PIXELS / s;
  const start = t * span;
  const end = start + span;
  const out = [];
  for (let g = Math.ceil(start / spacing) * spacing; g < end; g += spacing) {
    out.push((g - start) * s);
  }
  return out;
}

/** Formats a game position for humans: tile and chunk coordinates. */
export function describePosition(x, y) {
  return {
    tile: `${tileOf(x)}, ${tileOf(y)}`,
    chunk: `${chunkOf(x)}, ${chunkOf(y)}`,
  };
}
