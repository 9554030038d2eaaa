// Boot: read the permalink, create the map, connect the live feed, keep the permalink updated.
import { parsePermalink, formatPermalink } from './permalink.js';
import { apiUrl } from './urls.js';
import { KafkatorioMap } from './KafkatorioMap.js';
import { LiveFeed } from './LiveFeed.js';
import { ServerPicker } from './ServerPicker.js';

function boot() {
  const base = document.baseURI;
  const view = parsePermalink(window.location.hash);
  const kmap = new KafkatorioMap(document.getElementById('map'), { view });

  // Until a server is chosen (hash or first of api/servers) the feed follows all servers.
  const feed = new LiveFeed({ base, server: view.server });
  feed.addEventListener('connected', () => kmap.setConnected(true));
  feed.addEventListener('disconnected', () => kmap.setConnected(false));
  feed.addEventListener('message', (e) => kmap.handleMessage(e.detail.msg, e.detail));

  const writeHash = () => {
    const hash = formatPermalink(kmap.getView());
    if (hash !== window.location.hash) {
      window.history.replaceState(window.history.state, '', hash);
    }
  };

  const picker = new ServerPicker({
    serversUrl: apiUrl(base, 'api/servers'),
    server: view.server,
    surface: view.surface,
    onChange: (selection) => {
      kmap.setSelection(selection);
      feed.setServer(selection.server);
      writeHash();
    },
  }).addTo(kmap.map);

  kmap.map.on('moveend', writeHash);
  // A hash typed or pasted by the user (replaceState never fires this).
  window.addEventListener('hashchange', () => {
    const next = parsePermalink(window.location.hash, kmap.getView());
    picker.setValue(next);
    kmap.setView(next);
    feed.setServer(next.server);
  });

  feed.start();
  writeHash();
}

boot();
