// Pure helpers for the change log (protocol ChangeRecord, tile server `change` messages and
// `api/servers/{server}/changes`) and "what is here?" answers. No Leaflet.

const REMOVING = new Set(['mined', 'died', 'destroyed', 'depleted']);

/** Past-tense verb of a change event: built, removed, rotated, ... */
export function eventVerb(event) {
  if (typeof event !== 'string' || event === '') return 'changed';
  if (event === 'mined') return 'removed';
  return event; // built, rotated, flipped, upgraded, cloned, teleported, died, destroyed, depleted
}

/** Whether an event removes the entity. */
export function isRemoval(event) {
  return REMOVING.has(event);
}

/** Validates a change record (wire form); returns a normalised copy or null. */
export function normaliseChange(raw) {
  if (!raw || typeof raw !== 'object') return null;
  const { server, surface, x, y, name } = raw;
  if (typeof server !== 'string' || server === '') return null;
  if (!Number.isInteger(surface) || surface < 1 || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return {
    id: Number.isSafeInteger(raw.id) ? raw.id : null,
    server,
    session: typeof raw.session === 'string' ? raw.session : '',
    seq: Number.isFinite(raw.seq) ? raw.seq : 0,
    index: Number.isInteger(raw.index) ? raw.index : 0,
    tick: Number.isFinite(raw.tick) ? raw.tick : null,
    event: typeof raw.event === 'string' ? raw.event : '',
    surface,
    x,
    y,
    name: typeof name === 'string' && name !== '' ? name : 'something',
    type: typeof raw.type === 'string' ? raw.type : '',
    player: Number.isInteger(raw.player) ? raw.player : 0,
    playerName: typeof raw.playerName === 'string' && raw.playerName !== '' ? raw.playerName : null,
    receivedAt: Number.isFinite(raw.receivedAt) ? raw.receivedAt : null,
  };
}

/** Identity of a change (the same one from REST and WebSocket is shown once). */
export function changeKey(c) {
  return `${c.server}/${c.session}/${c.seq}/${c.index}`;
}

/** Who did it: the name if known (names map index → name), else "player <n>", else "unknown". */
export function changeWho(c, names = new Map()) {
  if (c.playerName) return c.playerName;
  if (c.player > 0 && names.has(c.player)) return names.get(c.player);
  return 'unknown';
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "just now" under 5 s or in the future. */
export function relativeTime(thenMs, nowMs) {
  if (!Number.isFinite(thenMs) || !Number.isFinite(nowMs)) return '';
  const s = Math.floor((nowMs - thenMs) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

function num(n) {
  const r = Math.round(n * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * The text parts of one row: {who, what, where, when}, e.g. {who: 'alice', what: 'built
 * assembling-machine-2', where: '12.5, -3.5', when: '2 min ago · tick 3600'}. Plain strings: render
 * with textContent (names are user input).
 */
export function changeRowText(c, { nowMs = Date.now(), names = new Map(), surfaceLabel = null } = {}) {
  const who = changeWho(c, names);
  const what = `${eventVerb(c.event)} ${c.name}`;
  const where = `${num(c.x)}, ${num(c.y)}${surfaceLabel ? ` on ${surfaceLabel}` : ''}`;
  const parts = [];
  const rel = c.receivedAt === null ? '' : relativeTime(c.receivedAt, nowMs);
  if (rel) parts.push(rel);
  if (c.tick !== null) parts.push(`tick ${c.tick}`);
  return { who, what, where, when: parts.join(' · ') };
}

/** The whole row as one line of text. */
export function changeRowLine(c, options) {
  const t = changeRowText(c, options);
  return `${t.who} ${t.what} at ${t.where}, ${t.when}`;
}

/** Players seen in a list of changes, for the filter <select>: [{index, name}] sorted by name. */
export function playersSeen(changes, names = new Map()) {
  const out = new Map();
  for (const c of changes) {
    if (c.player > 0 && !out.has(c.player)) out.set(c.player, changeWho(c, names));
    if (c.player > 0 && out.get(c.player) === 'unknown' && c.playerName) out.set(c.player, c.playerName);
  }
  return [...out.entries()]
    .map(([index, name]) => ({ index, name: name === 'unknown' ? `player ${index}` : name }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }) || a.index - b.index);
}

/**
 * Lines of a "what is here?" popup from the `at` answer: the point, the chunk, then one line per
 * entity "name (type) at x, y · force · quality". Text only.
 */
export function atLines(answer, x, y) {
  const lines = [`game ${num(x)}, ${num(y)}`];
  if (answer && answer.chunk && answer.tile) {
    lines[0] = `tile ${answer.tile.x}, ${answer.tile.y} · chunk ${answer.chunk.cx}, ${answer.chunk.cy}`;
  }
  const entities = answer && Array.isArray(answer.entities) ? answer.entities : [];
  if (entities.length === 0) lines.push('nothing built here');
  for (const e of entities) {
    if (!e || typeof e.name !== 'string') continue;
    const bits = [`${e.name}${e.type ? ` (${e.type})` : ''} at ${num(e.x)}, ${num(e.y)}`];
    if (e.force) bits.push(`force ${e.force}`);
    if (e.quality) bits.push(`quality ${e.quality}`);
    lines.push(bits.join(' · '));
  }
  return lines;
}
