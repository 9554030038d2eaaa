// Pure helpers for map tags (protocol TagUpdate, `tag` / `tag-deleted` messages). No Leaflet.

/** Validates a TagUpdate; returns a normalised copy or null. `text` is user input: text only. */
export function normaliseTag(raw) {
  if (!raw || typeof raw !== 'object') return null;
  const { server, surface, id, x, y } = raw;
  if (typeof server !== 'string' || server === '') return null;
  if (!Number.isInteger(surface) || surface < 1 || !Number.isSafeInteger(id)) return null;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  return {
    server, surface, id, x, y,
    text: typeof raw.text === 'string' ? raw.text : '',
    icon: typeof raw.icon === 'string' ? raw.icon : '',
    force: typeof raw.force === 'string' ? raw.force : '',
  };
}

/** The hook value data-tag="<surface>/<id>". */
export function tagHook(tag) {
  return `${tag.surface}/${tag.id}`;
}

/** Key of a tag across servers: "<server>/<surface>/<id>" (protocol Keys.tag). */
export function tagKey(server, surface, id) {
  return `${server}/${surface}/${id}`;
}

/** The label shown: the text, else the icon's name, else "tag <id>"; cut to 60 characters. */
export function tagLabel(tag) {
  let label = tag.text.trim();
  if (label === '' && tag.icon) label = tag.icon.split('/').pop();
  if (label === '') label = `tag ${tag.id}`;
  return label.length > 60 ? `${label.slice(0, 59)}…` : label;
}
