import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseToken, authHeaders, loadToken, saveToken, TOKEN_KEY } from '../../main/web/js/token.js';
import { tagHook, tagKey, tagLabel, normaliseTag } from '../../main/web/js/tags.js';

class FakeStorage {
  constructor() { this.items = new Map(); }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(k, v) { this.items.set(k, String(v)); }
  removeItem(k) { this.items.delete(k); }
}

test('tokens are trimmed printable ASCII, else null', () => {
  assert.equal(normaliseToken('  abc123  '), 'abc123');
  assert.equal(normaliseToken('a b'), null);
  assert.equal(normaliseToken(''), null);
  assert.equal(normaliseToken('é'), null);
  assert.equal(normaliseToken(undefined), null);
});

test('REST headers carry the token as a bearer token only when there is one', () => {
  assert.deepEqual(authHeaders(null), { Accept: 'application/json' });
  assert.deepEqual(authHeaders('t0k'), { Accept: 'application/json', Authorization: 'Bearer t0k' });
});

test('the token is kept in storage, cleared by an empty value, and storage failures are harmless', () => {
  const s = new FakeStorage();
  assert.equal(loadToken(s), null);
  assert.equal(saveToken(s, ' secret-1 '), 'secret-1');
  assert.equal(s.getItem(TOKEN_KEY), 'secret-1');
  assert.equal(loadToken(s), 'secret-1');
  assert.equal(saveToken(s, ''), null);
  assert.equal(loadToken(s), null);
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
  assert.equal(loadToken(broken), null);
  assert.equal(saveToken(broken, 'x-token'), 'x-token');
  assert.equal(loadToken(undefined), null);
});

test('map tags: validation, hooks and labels', () => {
  const t = normaliseTag({ server: 'e2e', surface: 1, id: 7, x: 10, y: -4, text: '<b>Iron</b>', icon: 'item/iron-ore' });
  assert.equal(tagHook(t), '1/7');
  assert.equal(tagKey('e2e', 1, 7), 'e2e/1/7');
  assert.equal(tagLabel(t), '<b>Iron</b>'); // text, shown with textContent
  assert.equal(tagLabel({ ...t, text: ' ' }), 'iron-ore');
  assert.equal(tagLabel({ ...t, text: '', icon: '' }), 'tag 7');
  assert.equal(tagLabel({ ...t, text: 'x'.repeat(80) }).length, 60);
  assert.equal(normaliseTag({ ...t, surface: 0 }), null);
  assert.equal(normaliseTag({ ...t, x: null }), null);
  assert.equal(normaliseTag({ ...t, text: 5 }).text, '');
});
