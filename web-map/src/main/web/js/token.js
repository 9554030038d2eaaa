// Pure helpers for the optional access token (tile server `--access-token`): REST sends it as
// `Authorization: Bearer <token>`, the WebSocket as `?token=` (see urls.js wsUrl). The token lives in
// localStorage under TOKEN_KEY; storage is injected so node can test this.

export const TOKEN_KEY = 'kafkatorio.accessToken';

/** A token as typed: trimmed; null when empty or not printable ASCII without spaces. */
export function normaliseToken(text) {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  return t !== '' && /^[\x21-\x7e]+$/.test(t) ? t : null;
}

/** Request headers for JSON REST calls, with the token when there is one. */
export function authHeaders(token) {
  const h = { Accept: 'application/json' };
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

/** The stored token or null (storage may be missing or throw, e.g. in private mode). */
export function loadToken(storage) {
  try {
    return normaliseToken(storage?.getItem(TOKEN_KEY) ?? null);
  } catch {
    return null;
  }
}

/** Stores (or with null, forgets) the token; returns the normalised token. */
export function saveToken(storage, text) {
  const t = normaliseToken(text);
  try {
    if (t === null) storage?.removeItem(TOKEN_KEY);
    else storage?.setItem(TOKEN_KEY, t);
  } catch {
    /* storage unavailable: the token lasts for this page only */
  }
  return t;
}
