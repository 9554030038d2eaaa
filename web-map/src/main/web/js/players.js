// Pure helpers for PlayerUpdate objects (see protocol PlayerUpdate.java).

/** Colour used when a player's colour is not a plain #rrggbb. */
export const FALLBACK_COLOUR = '#ff8800';

/** Accepts only '#rrggbb' (returned lower-case); anything else gives `fallback`. */
export function sanitiseColour(colour, fallback = FALLBACK_COLOUR) {
  return typeof colour === 'string' && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour.toLowerCase() : fallback;
}

/** Marker key and test hook value: '<server>/<index>' (protocol Keys.player). */
export function playerKey(update) {
  return `${update.server}/${update.index}`;
}

/**
 * Validates a PlayerUpdate from the wire and returns a clean copy, or null if it cannot be shown.
 * The name stays user input: callers must render it as text only.
 */
export function normalisePlayer(raw, fallbackColour = FALLBACK_COLOUR) {
  if (raw === null || typeof raw !== 'object') return null;
  const { server, index, x, y } = raw;
  if (typeof server !== 'string' || server === '') return null;
  if (!Number.isInteger(index)) return null;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return {
    server,
    index,
    session: typeof raw.session === 'string' ? raw.session : '',
    seq: Number.isFinite(raw.seq) ? raw.seq : 0,
    tick: Number.isFinite(raw.tick) ? raw.tick : 0,
    name: typeof raw.name === 'string' ? raw.name : `player ${index}`,
    event: typeof raw.event === 'string' ? raw.event : '',
    surface: Number.isInteger(raw.surface) ? raw.surface : 1,
    x,
    y,
    colour: sanitiseColour(raw.color, fallbackColour),
    connected: raw.connected !== false,
    receivedAt: Number.isFinite(raw.receivedAt) ? raw.receivedAt : 0,
  };
}

/**
 * Whether `next` should replace `prev` for the same player: a higher seq within one session, else
 * (new session, or REST state racing the WebSocket) the one kafka-pipe read later.
 */
export function isNewerUpdate(prev, next) {
  if (!prev) return true;
  if (prev.session === next.session && prev.session !== '') return next.seq > prev.seq;
  return next.receivedAt >= prev.receivedAt;
}

/** Whether a player is drawn for the given filter {server (null = any), surface}. */
export function isShown(player, filter) {
  if (player.event === 'removed') return false;
  if (filter.server != null && player.server !== filter.server) return false;
  return player.surface === filter.surface;
}
