import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveFeed, parseMessage } from '../../main/web/js/LiveFeed.js';

/** A fake WebSocket class recording instances; tests drive open/message/close. */
function fakeSockets() {
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      sockets.push(this);
    }
    open() { this.readyState = 1; this.onopen?.({}); }
    receive(obj) { this.onmessage?.({ data: typeof obj === 'string' ? obj : JSON.stringify(obj) }); }
    close() { this.readyState = 3; this.onclose?.({}); }
  }
  return { sockets, FakeSocket };
}

/** Manual timers. */
function fakeTimers() {
  let now = 0;
  let id = 0;
  const pending = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms) => { pending.set(++id, { fn, at: now + ms }); return id; },
    clearTimeout: (i) => pending.delete(i),
    advance(ms) {
      now += ms;
      for (const [i, t] of [...pending]) if (t.at <= now) { pending.delete(i); t.fn(); }
    },
    delays: () => [...pending.values()].map((t) => t.at - now),
  };
}

function jsonResponse(body) {
  return { ok: true, headers: { get: (h) => (h === 'Date' ? 'Fri, 27 Nov 2026 10:00:00 GMT' : null) }, json: async () => body };
}

const flush = () => new Promise((r) => setImmediate(r));

function setup(extra = {}) {
  const { sockets, FakeSocket } = fakeSockets();
  const timers = fakeTimers();
  const fetched = [];
  const fetch = async (url) => {
    fetched.push(url);
    if (url.endsWith('/api/servers')) return jsonResponse([{ server: 'e2e', status: { server: 'e2e', lastPacketAt: 5 }, players: 1 }]);
    return jsonResponse([{ server: 'e2e', index: 1, x: 1, y: 2 }]);
  };
  const feed = new LiveFeed({
    base: 'https://h/p/', server: 'e2e', WebSocket: FakeSocket, fetch,
    setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, now: timers.now,
    backoff: { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0 }, ...extra,
  });
  const events = [];
  for (const type of ['connected', 'disconnected', 'message']) {
    feed.addEventListener(type, (e) => events.push({ type, detail: e.detail }));
  }
  return { feed, sockets, timers, fetched, events };
}

test('parseMessage accepts JSON objects with a type only', () => {
  assert.deepEqual(parseMessage('{"v":1,"type":"player"}'), { v: 1, type: 'player' });
  for (const bad of ['', 'nope', '[]', 'null', '{"v":1}', '{"type":3}', 42, null]) {
    assert.equal(parseMessage(bad), null, String(bad));
  }
});

test('connects to the server\'s ws URL and passes messages on', () => {
  const { feed, sockets, events } = setup();
  feed.start();
  assert.equal(sockets.length, 1);
  assert.equal(sockets[0].url, 'wss://h/p/ws?server=e2e');
  sockets[0].open();
  assert.equal(feed.connected, true);
  sockets[0].receive({ v: 1, type: 'player', server: 'e2e', sentAt: 9, player: {} });
  sockets[0].receive('garbage');
  assert.deepEqual(events.map((e) => e.type), ['connected', 'message']);
  assert.equal(events[1].detail.source, 'ws');
  assert.equal(events[1].detail.msg.type, 'player');
  feed.stop();
});

test('reconnects with exponential backoff, reset after a successful open', () => {
  const { feed, sockets, timers } = setup({ fetch: null });
  feed.start();
  sockets[0].close();
  assert.deepEqual(timers.delays(), [1000]);
  timers.advance(1000);
  assert.equal(sockets.length, 2);
  sockets[1].close();
  assert.deepEqual(timers.delays(), [2000]);
  timers.advance(2000);
  sockets[2].close();
  timers.advance(4000);
  sockets[3].close();
  assert.deepEqual(timers.delays(), [8000]);
  timers.advance(8000);
  sockets[4].close();
  assert.deepEqual(timers.delays(), [8000]); // capped
  timers.advance(8000);
  sockets[5].open();
  sockets[5].close();
  assert.deepEqual(timers.delays(), [1000]); // reset
  feed.stop();
  assert.deepEqual(timers.delays(), []);
});

test('falls back to REST for the state when the socket fails', async () => {
  const { feed, sockets, fetched, events } = setup();
  feed.start();
  sockets[0].close();
  await flush();
  await flush();
  assert.deepEqual(fetched, ['https://h/p/api/servers', 'https://h/p/api/servers/e2e/players']);
  const msgs = events.filter((e) => e.type === 'message').map((e) => e.detail);
  assert.deepEqual(msgs.map((m) => [m.source, m.msg.type]), [['rest', 'server'], ['rest', 'player']]);
  assert.equal(msgs[0].msg.sentAt, Date.parse('Fri, 27 Nov 2026 10:00:00 GMT'));
  feed.stop();
});

test('fetches REST state if an open socket stays silent', async () => {
  const { feed, sockets, timers, fetched } = setup();
  feed.start();
  sockets[0].open();
  timers.advance(2999);
  assert.deepEqual(fetched, []);
  timers.advance(1);
  await flush();
  assert.equal(fetched[0], 'https://h/p/api/servers');
  feed.stop();
});

test('no REST fetch when the socket delivers the state', async () => {
  const { feed, sockets, timers, fetched } = setup();
  feed.start();
  sockets[0].open();
  sockets[0].receive({ v: 1, type: 'server', server: 'e2e', sentAt: 1, status: {} });
  timers.advance(10_000);
  await flush();
  assert.deepEqual(fetched, []);
  feed.stop();
});

test('switching server reconnects at once and ignores the old socket', () => {
  const { feed, sockets, events } = setup({ fetch: null });
  feed.start();
  sockets[0].open();
  feed.setServer('other');
  assert.equal(sockets.length, 2);
  assert.equal(sockets[1].url, 'wss://h/p/ws?server=other');
  sockets[0].receive({ v: 1, type: 'player', server: 'e2e' });
  assert.equal(events.filter((e) => e.type === 'message').length, 0);
  feed.setServer(null);
  assert.equal(sockets[2].url, 'wss://h/p/ws');
  feed.stop();
});
