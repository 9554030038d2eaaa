import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshnessState, ServerClock } from '../../main/web/js/freshness.js';

const at = (ageMs, extra = {}) => freshnessState({ connected: true, lastPacketAt: 1_000_000, serverNow: 1_000_000 + ageMs, ...extra });

test('state is a function of the packet age', () => {
  assert.deepEqual(at(0), { state: 'live', text: 'live · 0 s ago', ageMs: 0 });
  assert.equal(at(2_400).text, 'live · 2 s ago');
  assert.equal(at(9_999).state, 'live');
  assert.deepEqual(at(10_000), { state: 'stale', text: 'stale · 10 s', ageMs: 10_000 });
  assert.equal(at(29_999).state, 'stale');
  assert.deepEqual(at(30_000), { state: 'offline', text: 'server offline', ageMs: 30_000 });
  assert.equal(at(3_600_000).state, 'offline');
});

test('a server clock a little behind the packet stamp counts as age 0', () => {
  assert.equal(at(-500).state, 'live');
  assert.equal(at(-500).ageMs, 0);
});

test('thresholds are configurable', () => {
  const s = freshnessState({ connected: true, lastPacketAt: 0, serverNow: 45_000 }, { offlineAfterMs: 60_000 });
  assert.deepEqual(s, { state: 'stale', text: 'stale · 45 s', ageMs: 45_000 });
  assert.equal(freshnessState({ connected: true, lastPacketAt: 0, serverNow: 3_000 }, { staleAfterMs: 2_000 }).state, 'stale');
});

test('disconnected wins; no status or clock means offline', () => {
  assert.equal(at(0, { connected: false }).state, 'disconnected');
  assert.equal(at(0, { connected: false }).text, 'disconnected');
  assert.equal(at(0, { lastPacketAt: null }).state, 'offline');
  assert.equal(at(0, { serverNow: null }).state, 'offline');
});

test('server clock: latest offsets, largest wins (latency only makes offsets smaller)', () => {
  const c = new ServerClock(3);
  assert.equal(c.known, false);
  assert.equal(c.now(5), null);
  c.observe(10_000, 1_000); // offset 9000
  c.observe(10_500, 1_600); // offset 8900 (slower delivery)
  assert.equal(c.now(2_000), 11_000);
  c.observe(NaN, 0);
  c.observe(0, 0);
  c.observe(0, 0);
  c.observe(0, 0); // window of 3: the 9000 offsets are gone
  assert.equal(c.now(2_000), 2_000);
});

test('browser clock skew does not matter', () => {
  // Browser 1 hour ahead: the server clock estimate still gives the right age.
  const c = new ServerClock();
  const skew = 3_600_000;
  c.observe(50_000, 50_100 + skew);
  const s = freshnessState({ connected: true, lastPacketAt: 49_000, serverNow: c.now(51_100 + skew) });
  assert.equal(s.state, 'live');
  assert.equal(s.text, 'live · 2 s ago');
});
