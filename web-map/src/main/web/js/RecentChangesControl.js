// "Recent changes" panel (L.Control, collapsible, bottom right): the change log of the selected
// server, newest first, from `api/servers/{server}/changes` plus live `change` messages. A <select>
// filters by player (players seen); clicking a row calls onSelect(change) (main.js flies there and
// switches surface if needed). If the server answers 401 a token field appears; the token is stored
// (token.js) and handed to onToken (the live feed reconnects with it), then the list reloads.
//
// Test hooks: container id `recent-changes`; rows `li.kfk-change` with data-x, data-y, data-surface.
// All texts (player names, entity names) are set with textContent.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { changesUrl } from './urls.js';
import { authHeaders } from './token.js';
import { normaliseChange, changeKey, changeRowText, playersSeen, isRemoval } from './changes.js';

export const RecentChangesControl = L.Control.extend({
  options: {
    position: 'bottomright',
    base: null,
    server: null,
    /** Rows kept (REST page size too). */
    maxRows: 200,
    collapsed: false,
    /** () => token or null */
    getToken: () => null,
    /** (token) => void: the user entered a token. */
    onToken: () => {},
    /** (change) => void: a row was clicked. */
    onSelect: () => {},
    /** (server, index) => name or undefined: live names from the players. */
    playerName: () => undefined,
    /** Refresh of the relative times (ms). */
    refreshMs: 30_000,
    fetch: globalThis.fetch?.bind(globalThis),
  },

  initialize(options) {
    L.Util.setOptions(this, options);
    this._server = this.options.server;
    this._changes = []; // normalised, newest first
    this._keys = new Set();
    this._player = null; // filter: player index or null
    this._generation = 0;
  },

  onAdd() {
    const root = L.DomUtil.create('div', 'kfk-changes leaflet-bar');
    root.id = 'recent-changes';
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);

    const head = L.DomUtil.create('div', 'kfk-changes-head', root);
    this._toggle = L.DomUtil.create('button', 'kfk-changes-toggle', head);
    this._toggle.type = 'button';
    this._toggle.textContent = 'Recent changes';
    L.DomEvent.on(this._toggle, 'click', () => this.setCollapsed(!this._collapsed));
    this._select = L.DomUtil.create('select', 'kfk-changes-player', head);
    this._select.setAttribute('aria-label', 'filter by player');
    L.DomEvent.on(this._select, 'change', () => {
      const v = this._select.value;
      this._player = v === '' ? null : Number(v);
      this.reload();
    });

    this._tokenForm = L.DomUtil.create('form', 'kfk-changes-token', root);
    const label = L.DomUtil.create('label', '', this._tokenForm);
    label.textContent = 'Access token: ';
    this._tokenInput = L.DomUtil.create('input', '', label);
    this._tokenInput.type = 'password';
    this._tokenInput.autocomplete = 'off';
    const ok = L.DomUtil.create('button', '', this._tokenForm);
    ok.type = 'submit';
    ok.textContent = 'Use';
    this._tokenForm.hidden = true;
    L.DomEvent.on(this._tokenForm, 'submit', (e) => {
      L.DomEvent.preventDefault(e);
      this.options.onToken(this._tokenInput.value);
      this._tokenInput.value = '';
      this.reload();
    });

    this._status = L.DomUtil.create('div', 'kfk-changes-status', root);
    this._list = L.DomUtil.create('ul', 'kfk-changes-list', root);
    this._root = root;
    this.setCollapsed(this.options.collapsed);
    this._timer = setInterval(() => this._render(), this.options.refreshMs);
    this.reload();
    return root;
  },

  onRemove() {
    clearInterval(this._timer);
  },

  setCollapsed(collapsed) {
    this._collapsed = collapsed;
    this._root?.classList.toggle('kfk-changes--collapsed', collapsed);
    this._toggle?.setAttribute('aria-expanded', String(!collapsed));
  },

  /** Shows another server's log (null = none). */
  setServer(server) {
    if (server === this._server) return this;
    this._server = server;
    this._player = null;
    this._changes = [];
    this._keys.clear();
    this.reload();
    return this;
  },

  /** Loads the newest page (with the player filter) from REST. */
  async reload() {
    const server = this._server;
    const generation = ++this._generation;
    if (!this._root) return;
    if (server == null || !this.options.fetch) {
      this._replace([]);
      return;
    }
    this._setStatus('loading…');
    try {
      const res = await this.options.fetch(
        changesUrl(this.options.base ?? document.baseURI, server, { player: this._player, limit: this.options.maxRows }),
        { headers: authHeaders(this.options.getToken()) });
      if (generation !== this._generation) return;
      if (res.status === 401) {
        this._tokenForm.hidden = false;
        this._setStatus('this server needs an access token');
        this._replace([]);
        return;
      }
      if (!res.ok) {
        this._setStatus(`cannot load changes (${res.status})`);
        return;
      }
      const body = await res.json();
      if (generation !== this._generation) return;
      this._tokenForm.hidden = true;
      const list = (Array.isArray(body?.changes) ? body.changes : []).map(normaliseChange).filter(Boolean);
      this._setStatus(list.length === 0 ? 'no changes yet' : '');
      this._replace(list);
    } catch {
      if (generation === this._generation) this._setStatus('offline');
    }
  },

  /** Applies a live `change` message (prepended when it passes the filter). */
  handleMessage(msg) {
    if (!msg || msg.type !== 'change') return;
    const c = normaliseChange(msg.change);
    if (!c || c.server !== this._server || this._keys.has(changeKey(c))) return;
    if (this._player !== null && c.player !== this._player) {
      this._rememberPlayer(c);
      return;
    }
    this._changes.unshift(c);
    this._keys.add(changeKey(c));
    if (this._changes.length > this.options.maxRows) {
      this._keys.delete(changeKey(this._changes.pop()));
    }
    this._setStatus('');
    this._render();
  },

  _replace(list) {
    this._changes = list.slice(0, this.options.maxRows);
    this._keys = new Set(this._changes.map(changeKey));
    this._render();
  },

  _rememberPlayer(c) {
    this._extraPlayers = this._extraPlayers || new Map();
    this._extraPlayers.set(c.player, c);
    this._renderSelect();
  },

  _names() {
    const names = new Map();
    for (const c of this._changes) {
      const n = c.player > 0 ? this.options.playerName(c.server, c.player) : undefined;
      if (typeof n === 'string' && n !== '') names.set(c.player, n);
    }
    return names;
  },

  _setStatus(text) {
    if (this._status) this._status.textContent = text;
  },

  _renderSelect() {
    const names = this._names();
    const seen = playersSeen([...this._changes, ...(this._extraPlayers?.values() ?? [])], names);
    if (this._player !== null && !seen.some((p) => p.index === this._player)) {
      seen.push({ index: this._player, name: `player ${this._player}` });
    }
    const wanted = [['', 'everyone'], ...seen.map((p) => [String(p.index), p.name])];
    const current = [...this._select.options].map((o) => [o.value, o.textContent]);
    if (JSON.stringify(current) !== JSON.stringify(wanted)) {
      this._select.replaceChildren(...wanted.map(([value, text]) => {
        const o = document.createElement('option');
        o.value = value;
        o.textContent = text;
        return o;
      }));
    }
    this._select.value = this._player === null ? '' : String(this._player);
  },

  _render() {
    if (!this._list) return;
    const now = Date.now();
    const names = this._names();
    this._list.replaceChildren(...this._changes.map((c) => {
      const t = changeRowText(c, { nowMs: now, names });
      const li = document.createElement('li');
      li.className = isRemoval(c.event) ? 'kfk-change kfk-change--removed' : 'kfk-change';
      li.dataset.x = String(c.x);
      li.dataset.y = String(c.y);
      li.dataset.surface = String(c.surface);
      li.tabIndex = 0;
      for (const [cls, text] of [['who', t.who], ['what', t.what], ['where', t.where], ['when', t.when]]) {
        const span = document.createElement('span');
        span.className = `kfk-change-${cls}`;
        span.textContent = text;
        li.append(span, ' ');
      }
      const select = () => this.options.onSelect(c);
      li.addEventListener('click', select);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(); });
      return li;
    }));
    this._renderSelect();
  },
});
