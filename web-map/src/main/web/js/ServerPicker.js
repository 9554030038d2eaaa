// Top-left picker: a <select> of servers from GET api/servers and a surface number (default 1).
// Server ids and status strings come from the network: options are built with textContent/value.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';

export const ServerPicker = L.Control.extend({
  options: {
    position: 'topleft',
    /** URL of GET /api/servers. */
    serversUrl: 'api/servers',
    /** Refresh the server list this often. */
    refreshMs: 30_000,
    server: null,
    surface: 1,
    /** Called with {server, surface} when the user changes either, or the first server is chosen. */
    onChange: () => {},
    fetch: (...args) => fetch(...args),
  },

  onAdd() {
    const root = L.DomUtil.create('form', 'kfk-picker leaflet-bar');
    root.id = 'server-picker';
    root.addEventListener('submit', (e) => e.preventDefault());

    const serverLabel = L.DomUtil.create('label', '', root);
    serverLabel.textContent = 'server ';
    this._select = L.DomUtil.create('select', 'kfk-picker-server', serverLabel);
    this._select.name = 'server';

    const surfaceLabel = L.DomUtil.create('label', '', root);
    surfaceLabel.textContent = 'surface ';
    this._surface = L.DomUtil.create('input', 'kfk-picker-surface', surfaceLabel);
    Object.assign(this._surface, { type: 'number', min: '1', step: '1', name: 'surface' });
    this._surface.value = String(this.options.surface);

    this._server = this.options.server;
    this._renderOptions([]);
    this._select.addEventListener('change', () => this._changed());
    this._surface.addEventListener('change', () => this._changed());
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);

    this.reload();
    this._timer = setInterval(() => this.reload(), this.options.refreshMs);
    return root;
  },

  onRemove() {
    clearInterval(this._timer);
  },

  /** The current choice {server, surface}. */
  getValue() {
    return { server: this._server, surface: this._surfaceValue() };
  },

  /** Sets the choice without calling onChange (e.g. from a permalink). */
  setValue({ server, surface }) {
    if (server !== undefined) this._server = server;
    if (surface !== undefined && this._surface) this._surface.value = String(surface);
    if (this._select) this._renderOptions(this._servers || []);
  },

  /** Reloads the server list; picks the first server if none is chosen yet. */
  async reload() {
    let servers;
    try {
      const res = await this.options.fetch(this.options.serversUrl, { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      servers = await res.json();
    } catch {
      return;
    }
    if (!Array.isArray(servers)) return;
    this._servers = servers.filter((s) => s && typeof s.server === 'string');
    this._renderOptions(this._servers);
    if (this._server == null && this._servers.length > 0) {
      this._server = this._servers[0].server;
      this._renderOptions(this._servers);
      this.options.onChange(this.getValue());
    }
  },

  _renderOptions(servers) {
    const ids = servers.map((s) => s.server);
    if (this._server != null && !ids.includes(this._server)) ids.unshift(this._server);
    this._select.replaceChildren(
      ...ids.map((id) => {
        const opt = document.createElement('option');
        opt.value = id;
        const info = servers.find((s) => s.server === id);
        opt.textContent = info ? `${id} (${Number(info.players) || 0} players)` : id;
        return opt;
      }),
    );
    if (ids.length === 0) {
      const opt = document.createElement('option');
      opt.value = '';
      opt.textContent = 'no servers yet';
      this._select.append(opt);
    }
    this._select.value = this._server ?? '';
  },

  _surfaceValue() {
    const n = Number(this._surface ? this._surface.value : this.options.surface);
    return Number.isInteger(n) && n >= 1 ? n : 1;
  },

  _changed() {
    const v = this._select.value;
    this._server = v === '' ? this._server : v;
    this.options.onChange(this.getValue());
  },
});
