// Top-left picker: a <select> of servers from GET api/servers and a <select id="surface-picker"> of
// the chosen server's surfaces (fed by setSurfaces from SurfaceCatalog). Server ids and surface
// names come from the network (platform names are player input): options are built with
// textContent/value only.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { surfaceLabel } from './surfaces.js';

/** Option groups of the surface <select>, in order. */
const SURFACE_GROUPS = [['planet', 'planets'], ['platform', 'platforms'], ['other', 'other']];

export const ServerPicker = L.Control.extend({
  options: {
    position: 'topleft',
    /** URL of GET /api/servers. */
    serversUrl: 'api/servers',
    /** Refresh the server list this often. */
    refreshMs: 30_000,
    server: null,
    surface: 1,
    /**
     * Called with ({server, surface}, what) when the user changes either (what = 'server' or
     * 'surface'), or when the first server is chosen automatically (what = 'initial').
     */
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

    const surfaceText = L.DomUtil.create('label', '', root);
    surfaceText.textContent = 'surface ';
    this._surface = L.DomUtil.create('select', 'kfk-picker-surface', surfaceText);
    this._surface.id = 'surface-picker';
    this._surface.name = 'surface';

    this._server = this.options.server;
    this._surfaceIndex = this.options.surface;
    this._surfaces = [];
    this._surfaceSignature = null;
    this._renderOptions([]);
    this._renderSurfaces();
    this._select.addEventListener('change', () => this._changed('server'));
    this._surface.addEventListener('change', () => this._changed('surface'));
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
    if (surface !== undefined) this._surfaceIndex = surface;
    if (this._select) this._renderOptions(this._servers || []);
    if (this._surface) this._renderSurfaces();
  },

  /** The surfaces of the chosen server (normalised, in picker order: SurfaceCatalog.list). */
  setSurfaces(surfaces) {
    this._surfaces = surfaces;
    if (this._surface) this._renderSurfaces();
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
      this.options.onChange(this.getValue(), 'initial');
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

  /**
   * Rebuilds the surface options only when a label or the order changed (a surface message that
   * only grows the charted bounds must not close a <select> the user has open). A selected surface
   * missing from the list (not loaded yet, or deleted) stays as a "surface <n>" option.
   */
  _renderSurfaces() {
    const selected = this._surfaceIndex;
    const known = this._surfaces.some((s) => s.surface === selected);
    const signature = JSON.stringify([known ? null : selected, this._surfaces.map((s) => [s.surface, s.kind, surfaceLabel(s)])]);
    if (signature !== this._surfaceSignature) {
      this._surfaceSignature = signature;
      const children = [];
      if (!known) children.push(option(String(selected), `surface ${selected}`));
      for (const [kind, title] of SURFACE_GROUPS) {
        const members = this._surfaces.filter((s) => s.kind === kind);
        if (members.length === 0) continue;
        const group = document.createElement('optgroup');
        group.label = title;
        group.append(...members.map((s) => option(String(s.surface), surfaceLabel(s))));
        children.push(group);
      }
      this._surface.replaceChildren(...children);
    }
    this._surface.value = String(selected);
  },

  _surfaceValue() {
    return this._surfaceIndex;
  },

  _changed(what) {
    const v = this._select.value;
    this._server = v === '' ? this._server : v;
    const n = Number(this._surface.value);
    if (Number.isInteger(n) && n >= 1) this._surfaceIndex = n;
    this.options.onChange(this.getValue(), what);
  },
});

function option(value, text) {
  const opt = document.createElement('option');
  opt.value = value;
  opt.textContent = text;
  return opt;
}
