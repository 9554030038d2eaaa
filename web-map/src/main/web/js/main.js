// Boot: read the permalink, create the map, connect the live feed and the surface catalog, keep the
// permalink updated.
import { parsePermalink, formatPermalink, hasPosition, DEFAULT_VIEW } from './permalink.js';
import { apiUrl } from './urls.js';
import { gameToLatLng } from './coords.js';
import { KafkatorioMap } from './KafkatorioMap.js';
import { LiveFeed } from './LiveFeed.js';
import { ServerPicker } from './ServerPicker.js';
import { SurfaceCatalog } from './SurfaceCatalog.js';
import { RecentChangesControl } from './RecentChangesControl.js';
import { loadToken, saveToken } from './token.js';

function boot() {
  const base = document.baseURI;
  const view = parsePermalink(window.location.hash);
  const kmap = new KafkatorioMap(document.getElementById('map'), { view, base });
  const surfaces = new SurfaceCatalog({ base });

  const storage = (() => { try { return window.localStorage; } catch { return undefined; } })();
  let token = loadToken(storage);

  // Until a server is chosen (hash or first of api/servers) the feed follows all servers.
  const feed = new LiveFeed({ base, server: view.server, token });
  feed.addEventListener('connected', () => {
    kmap.setConnected(true);
    surfaces.load(kmap.getSelection().server); // after an outage, deletions we missed
  });
  feed.addEventListener('disconnected', () => kmap.setConnected(false));
  const changes = new RecentChangesControl({
    base,
    server: view.server,
    getToken: () => token,
    onToken: (text) => {
      token = saveToken(storage, text);
      feed.setToken(token);
    },
    playerName: (server, index) => kmap.players.getPlayer(`${server}/${index}`)?.name,
    onSelect: (c) => {
      const sel = kmap.getSelection();
      if (c.server !== sel.server || c.surface !== sel.surface) {
        picker.setValue({ server: c.server, surface: c.surface });
        kmap.setSelection({ server: c.server, surface: c.surface });
      }
      fitPending = false;
      kmap.map.flyTo(gameToLatLng(c.x, c.y), Math.max(kmap.map.getZoom(), 2));
    },
  });
  feed.addEventListener('message', (e) => {
    kmap.handleMessage(e.detail.msg, e.detail);
    surfaces.handleMessage(e.detail.msg);
    changes.handleMessage(e.detail.msg);
  });

  const writeHash = () => {
    const hash = formatPermalink(kmap.getView());
    if (hash !== window.location.hash) {
      window.history.replaceState(window.history.state, '', hash);
    }
  };

  // Without x/y in the permalink, the view fits the selected surface's charted bounds as soon as
  // they are known; dragging the map first cancels that.
  let fitPending = !hasPosition(window.location.hash);
  const fitIfPending = () => {
    if (!fitPending) return;
    const { server, surface } = kmap.getSelection();
    const s = server == null ? undefined : surfaces.get(server, surface);
    if (!s) return;
    fitPending = false;
    kmap.fitSurface(s);
  };
  kmap.map.on('dragstart', () => { fitPending = false; });

  const picker = new ServerPicker({
    serversUrl: apiUrl(base, 'api/servers'),
    server: view.server,
    surface: view.surface,
    onChange: (selection, what) => {
      const serverChanged = selection.server !== kmap.getSelection().server;
      kmap.setSelection(selection);
      feed.setServer(selection.server);
      changes.setServer(selection.server);
      if (serverChanged) {
        picker.setSurfaces(surfaces.list(selection.server));
        surfaces.load(selection.server);
      }
      // A switch by the user shows the new surface whole; the automatic first pick keeps the
      // permalink's position (or its pending fit).
      if (what !== 'initial') fitPending = true;
      fitIfPending();
      writeHash();
    },
  }).addTo(kmap.map);
  changes.addTo(kmap.map);

  surfaces.addEventListener('change', (e) => {
    if (e.detail.server !== kmap.getSelection().server) return;
    picker.setSurfaces(surfaces.list(e.detail.server));
    fitIfPending();
  });

  kmap.map.on('moveend', writeHash);
  kmap.map.on('baselayerchange', writeHash);
  kmap.map.on('overlayadd overlayremove', writeHash);
  // A hash typed or pasted by the user (replaceState never fires this).
  window.addEventListener('hashchange', () => {
    // Missing fields keep the current view, except the layer and hide: no `layer` means terrain, no
    // `hide` means every overlay on.
    const next = parsePermalink(window.location.hash,
      { ...kmap.getView(), layer: DEFAULT_VIEW.layer, hide: DEFAULT_VIEW.hide });
    const serverChanged = next.server !== kmap.getSelection().server;
    picker.setValue(next);
    kmap.setView(next);
    feed.setServer(next.server);
    changes.setServer(next.server);
    if (serverChanged) {
      picker.setSurfaces(surfaces.list(next.server));
      surfaces.load(next.server);
    }
    fitPending = !hasPosition(window.location.hash);
    fitIfPending();
  });

  if (view.server != null) surfaces.load(view.server);
  feed.start();
  writeHash();
}

boot();
