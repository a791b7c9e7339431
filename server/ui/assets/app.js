// hadath web interface: a single-page application over the JSON API under
// /api/. Routes live in the URL hash (#/, #/doc/ID, #/actor/CODE, #/network,
// #/timeline) with the filters as a query string after them, so every view
// can be bookmarked and shared.
//
// Every piece of data is inserted with DOM APIs (textContent, setAttribute,
// createElement): nothing from the API or the URL is ever parsed as HTML.
//
// Evidence spans from the API are BYTE offsets into the UTF-8 document text.
// JavaScript strings are UTF-16, so the text is encoded to bytes and each
// piece between span boundaries is decoded on its own (see highlight).

'use strict';

// ---- the ontology ---------------------------------------------------------

// The sixteen PLOVER event types with their quad class and an Arabic label.
const TYPES = [
  ['AGREE', 1, 'اتفاق'], ['CONSULT', 1, 'تشاور'], ['SUPPORT', 1, 'دعم'],
  ['CONCEDE', 1, 'تنازل'], ['COOPERATE', 2, 'تعاون'], ['AID', 2, 'مساعدة'],
  ['RETREAT', 2, 'تراجع'], ['REQUEST', 3, 'طلب'], ['ACCUSE', 3, 'اتهام'],
  ['REJECT', 3, 'رفض'], ['THREATEN', 3, 'تهديد'], ['PROTEST', 4, 'احتجاج'],
  ['SANCTION', 4, 'عقوبات'], ['MOBILIZE', 4, 'تعبئة'], ['COERCE', 4, 'إكراه'],
  ['ASSAULT', 4, 'اعتداء'],
].map(([code, quad, ar]) => ({ code, quad, ar }));
const TYPE = Object.fromEntries(TYPES.map((t) => [t.code, t]));

// One colour per type for charts: cooperation in greens and blues,
// conflict in oranges, reds and purples, each distinct from its neighbours.
const TYPE_COLOURS = {
  AGREE: '#1b9e77', CONSULT: '#66c2a5', SUPPORT: '#2c7fb8', CONCEDE: '#a6d96a',
  COOPERATE: '#006d2c', AID: '#41ab5d', RETREAT: '#7fcdbb', REQUEST: '#fdae61',
  ACCUSE: '#f46d43', REJECT: '#e6ab02', THREATEN: '#d95f02', PROTEST: '#c51b7d',
  SANCTION: '#7570b3', MOBILIZE: '#8c510a', COERCE: '#b2182b', ASSAULT: '#67001f',
};

const QUADS = {
  1: { ar: 'تعاون لفظي', en: 'verbal cooperation', colour: '#74c476' },
  2: { ar: 'تعاون مادي', en: 'material cooperation', colour: '#238b45' },
  3: { ar: 'نزاع لفظي', en: 'verbal conflict', colour: '#fc9272' },
  4: { ar: 'نزاع مادي', en: 'material conflict', colour: '#cb181d' },
};

const MODES = [
  'visit', 'third-party', 'multilateral', 'phone', 'withdraw', 'release', 'disarm',
  'ceasefire', 'access', 'resign', 'assist', 'change', 'yield', 'meet', 'disapprove',
  'investigate', 'allege', 'restrict', 'arrest', 'relations', 'expel', 'territory',
  'violence', 'demo', 'riot', 'strike', 'hunger', 'boycott', 'obstruct', 'vandalize',
  'convict', 'discontinue', 'troops', 'weapons', 'police', 'militia', 'curfew',
  'martial-law', 'withhold', 'misinformation', 'cyber', 'seize', 'censor', 'deport',
  'abduct', 'beat', 'sexual', 'targeted', 'destroy', 'primitive', 'explosives',
  'heavy-weapons', 'crowd-control', 'unconventional', 'torture', 'firearms',
  'suicide-attack', 'aerial', 'drone', 'historical', 'future', 'hypothetical', 'negation',
];

const SECTORS = {
  GOV: 'executive government', MIL: 'state military', COP: 'police', JUD: 'judiciary',
  LEG: 'legislature', PRM: 'pro-government paramilitary', PTY: 'political party',
  REB: 'armed opposition', SPY: 'intelligence', UAF: 'unidentified armed force',
  UNK: 'unidentified', AGR: 'farmers', BUS: 'business', CRM: 'criminals',
  CVL: 'civilians, protesters, activists', EDU: 'education, students',
  ELI: 'former officials', JRN: 'media', LAB: 'labour', MED: 'health', REF: 'refugees',
  OPP: 'opposition', PRE: 'partially recognised entity', REL: 'religious', SOC: 'civil society',
};

// The filter parameters the API shares between events, actors, network,
// timeline and stream.
const FILTERS = ['q', 'type', 'mode', 'quad', 'actor', 'recipient', 'sector', 'source', 'from', 'to'];

// ---- DOM helpers ----------------------------------------------------------

// h builds an HTML element. attrs: class, dataset (object), on* listeners
// (functions), anything else via setAttribute. Children are nodes or
// strings; strings become text nodes, never markup.
function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVGNS = 'http://www.w3.org/2000/svg';

// s builds an SVG element, like h.
function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVGNS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// bi is a bilingual label: Arabic, then English marked as such so that
// screen readers and the bidi algorithm treat it right.
function bi(ar, en) {
  return [ar, ' · ', h('span', { lang: 'en', dir: 'ltr', class: 'en' }, en)];
}

// codeEl renders an actor code, left to right inside the right-to-left page.
function codeEl(code) {
  return h('bdi', { class: 'code', dir: 'ltr' }, code || '—');
}

function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// ---- API ------------------------------------------------------------------

class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// api fetches a JSON endpoint and throws an APIError carrying the API's own
// message ({"error": ...}) on any non-2xx answer.
async function api(path, params) {
  const qs = params && params.toString();
  let res;
  try {
    res = await fetch(path + (qs ? '?' + qs : ''), { headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new APIError(0, 'تعذّر الاتصال بالخادم · cannot reach the server (' + err.message + ')');
  }
  if (!res.ok) {
    let msg = res.statusText;
    try {
      const body = await res.json();
      if (body && body.error) msg = body.error;
    } catch (_) { /* not JSON: keep the status text */ }
    throw new APIError(res.status, `${res.status}: ${msg}`);
  }
  return res.json();
}

const errorBox = () => document.getElementById('error');

function showError(err) {
  const box = errorBox();
  clear(box);
  append(box, [h('strong', {}, bi('خطأ', 'Error')), ' ', err.message || String(err)]);
  box.hidden = false;
}

function hideError() {
  const box = errorBox();
  box.hidden = true;
  clear(box);
}

// filterParams keeps only the shared filter parameters of p.
function filterParams(p) {
  const out = new URLSearchParams();
  for (const k of FILTERS) for (const v of p.getAll(k)) if (v.trim()) out.append(k, v.trim());
  return out;
}

function withParams(base, extra) {
  const out = new URLSearchParams(base);
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined || v === null || v === '') out.delete(k);
    else out.set(k, v);
  }
  return out;
}

function hashFor(path, params) {
  const qs = params && params.toString();
  return '#' + path + (qs ? '?' + qs : '');
}

// ---- routing --------------------------------------------------------------

// Each navigation gets a generation number; a view that awaits the API
// checks it is still current before touching the page, and registers
// cleanups (closing an EventSource) run on the next navigation.
let generation = 0;
let cleanups = [];

function current(gen) {
  return gen === generation;
}

function onLeave(fn) {
  cleanups.push(fn);
}

function parseHash() {
  let hash = location.hash.replace(/^#/, '') || '/';
  const q = hash.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
  const path = q >= 0 ? hash.slice(0, q) : hash;
  const parts = path.split('/').filter(Boolean).map((x) => {
    try { return decodeURIComponent(x); } catch (_) { return x; }
  });
  return { parts, params };
}

const routes = {
  '': searchPage,
  doc: docPage,
  actor: actorPage,
  network: networkPage,
  timeline: timelinePage,
};

async function route() {
  for (const fn of cleanups) fn();
  cleanups = [];
  const gen = ++generation;
  hideError();
  const { parts, params } = parseHash();
  const name = parts[0] || '';
  const view = clear(document.getElementById('view'));
  // route, gen and state let tests and scripts wait for a view to be ready.
  view.dataset.route = name || 'search';
  view.dataset.gen = String(gen);
  view.dataset.state = 'loading';
  for (const a of document.querySelectorAll('#nav a[data-route]')) {
    a.classList.toggle('active', a.dataset.route === (name || 'search'));
  }
  closeNav();
  const page = routes[name];
  if (!page) {
    append(view, h('h1', {}, bi('الصفحة غير موجودة', 'Page not found')),
      h('p', {}, h('a', { href: '#/' }, bi('العودة إلى البحث', 'Back to search'))));
    view.dataset.state = 'error';
    return;
  }
  try {
    await page(view, parts.slice(1), params, gen);
    if (current(gen)) view.dataset.state = 'done';
  } catch (err) {
    if (!current(gen)) return;
    const spinner = view.querySelector('.loading');
    if (spinner) spinner.remove();
    showError(err);
    view.dataset.state = 'error';
  }
}

function closeNav() {
  const btn = document.querySelector('.nav-toggle');
  btn.setAttribute('aria-expanded', 'false');
  document.getElementById('nav').classList.remove('open');
}

// ---- shared pieces --------------------------------------------------------

function loading() {
  return h('p', { class: 'loading' }, bi('جارٍ التحميل…', 'Loading…'));
}

function typeBadge(type, mode) {
  const t = TYPE[type];
  const quad = t ? t.quad : 0;
  return h('span', { class: `badge q${quad}`, dir: 'ltr', title: t ? `${t.ar} · ${QUADS[quad].en}` : type },
    type || '?',
    mode ? h('span', { class: 'mode', dir: 'ltr' }, '/' + mode) : null);
}

// entities renders a list of actors or recipients: code (linked to the
// actor page), sector and the English name from the dictionary.
function entities(list) {
  if (!list || list.length === 0) return h('span', { class: 'none' }, '—');
  const seen = new Set();
  const out = [];
  for (const e of list) {
    const key = `${e.code}|${e.sector}|${e.identifier_text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const code = e.code
      ? h('a', { class: 'code', dir: 'ltr', href: hashFor('/actor/' + encodeURIComponent(e.code)) }, e.code)
      : codeEl('?');
    out.push(h('span', { class: 'ent', dir: 'ltr', title: e.entity_text || '' },
      code,
      e.sector ? h('span', { class: 'sector' }, e.sector) : null,
      e.identifier_text ? h('span', { class: 'name', lang: 'en' }, e.identifier_text) : null));
  }
  return out;
}

function actorArrow(ev) {
  return h('span', { class: 'dyad' },
    h('span', { class: 'actors' }, entities(ev.actor)),
    h('span', { class: 'arrow', 'aria-label': 'to' }, ' ← '),
    h('span', { class: 'recipients' }, entities(ev.recipient)));
}

function codes(list) {
  return [...new Set((list || []).map((e) => e.code).filter(Boolean))].join(' ');
}

let actorList = null;

// actorOptions fills a datalist with the known actor codes, fetched once.
async function actorOptions(datalist) {
  try {
    if (!actorList) actorList = api('/api/actors', new URLSearchParams({ limit: '500' }));
    const { actors } = await actorList;
    for (const a of actors || []) {
      datalist.append(h('option', { value: a.code }, a.name ? `${a.code} — ${a.name}` : a.code));
    }
  } catch (_) {
    actorList = null; // suggestions only: the form works without them
  }
}

// filterForm renders the shared filter form. Submitting it navigates to
// path with the filters (and the page's own fields) in the hash.
function filterForm(path, params, { omit = [], extra = [] } = {}) {
  const field = (name, label, control) => omit.includes(name) ? null
    : h('label', { class: 'field', for: 'f-' + name }, h('span', { class: 'label' }, label), control);
  const input = (name, attrs) => h('input', { id: 'f-' + name, name, value: params.get(name) || '', ...attrs });
  const select = (name, options) => {
    const sel = h('select', { id: 'f-' + name, name },
      h('option', { value: '' }, 'الكل · Any'),
      options.map(([v, label]) => h('option', { value: v }, label)));
    const want = params.get(name) || '';
    if (want && ![...sel.options].some((o) => o.value === want)) sel.append(h('option', { value: want }, want));
    sel.value = want;
    return sel;
  };
  const actors = h('datalist', { id: 'actor-codes' });
  actorOptions(actors);

  const form = h('form', { class: 'filters', role: 'search' },
    field('q', bi('نص', 'Text'), input('q', { type: 'search', dir: 'auto', placeholder: 'واشنطن "وقف إطلاق النار"' })),
    field('type', bi('النوع', 'Type'), select('type', TYPES.map((t) => [t.code, `${t.code} — ${t.ar}`]))),
    field('mode', bi('الصيغة', 'Mode'), input('mode', { list: 'modes', dir: 'ltr', autocomplete: 'off' })),
    field('quad', bi('الفئة', 'Quad'), select('quad', Object.entries(QUADS).map(([k, q]) => [k, `${k} — ${q.ar}`]))),
    field('actor', bi('الفاعل', 'Actor'), input('actor', { list: 'actor-codes', dir: 'ltr', placeholder: 'CHN, USA…', autocomplete: 'off' })),
    field('recipient', bi('المتلقي', 'Recipient'), input('recipient', { list: 'actor-codes', dir: 'ltr', placeholder: 'AZE…', autocomplete: 'off' })),
    field('sector', bi('القطاع', 'Sector'), select('sector', Object.entries(SECTORS).map(([k, v]) => [k, `${k} — ${v}`]))),
    field('source', bi('المصدر', 'Source'), input('source', { dir: 'auto' })),
    field('from', bi('من', 'From'), input('from', { type: 'date' })),
    field('to', bi('إلى', 'To'), input('to', { type: 'date' })),
    extra,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, bi('تطبيق', 'Apply')),
      h('button', { type: 'reset' }, bi('مسح', 'Clear'))),
    h('datalist', { id: 'modes' }, MODES.map((m) => h('option', { value: m }))),
    actors);

  const submit = (fd) => {
    const out = new URLSearchParams();
    for (const [k, v] of fd) if (String(v).trim()) out.append(k, String(v).trim());
    // Parameters the form does not show (actor on the actor page) stay.
    for (const k of omit) for (const v of params.getAll(k)) out.append(k, v);
    location.hash = hashFor(path, out);
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit(new FormData(form));
  });
  form.addEventListener('reset', (ev) => {
    ev.preventDefault();
    location.hash = hashFor(path, new URLSearchParams());
  });
  // The form folds away on a phone, where it would fill the first screen;
  // the summary line still says which filters are on.
  const active = FILTERS.filter((k) => params.get(k) && !omit.includes(k));
  const box = h('details', { class: 'filter-box' },
    h('summary', {}, bi('المرشحات', 'Filters'),
      active.length ? h('span', { class: 'active-filters', dir: 'ltr' },
        active.map((k) => `${k}=${params.getAll(k).join(',')}`).join('  ')) : null),
    form);
  box.open = !window.matchMedia('(max-width: 640px)').matches;
  return box;
}

function pageHead(title, ...rest) {
  return h('div', { class: 'page-head' }, h('h1', {}, title), rest);
}

function tableWrap(table) {
  return h('div', { class: 'table-wrap' }, table);
}

// ---- #/ search -------------------------------------------------------------

async function searchPage(view, _args, params, gen) {
  const filters = filterParams(params);
  const sort = params.get('sort') === 'oldest' ? 'oldest' : 'newest';
  const sortSel = h('select', { id: 'f-sort', name: 'sort' },
    h('option', { value: 'newest' }, 'الأحدث أولاً · Newest'),
    h('option', { value: 'oldest' }, 'الأقدم أولاً · Oldest'));
  sortSel.value = sort;

  const exportParams = withParams(filters, { sort });
  const exportLink = (fmt, label) => h('a', {
    class: 'button', href: '/api/events?' + withParams(exportParams, { format: fmt }).toString(), download: `hadath-events.${fmt}`,
  }, label);

  const live = h('input', { type: 'checkbox', id: 'live' });
  const liveState = h('span', { class: 'live-state', id: 'live-state' });
  const tbody = h('tbody');
  const status = h('p', { class: 'status', id: 'result-status' });
  const more = h('button', { type: 'button', id: 'more', hidden: true }, bi('المزيد', 'Load more'));
  const results = h('section', { id: 'results', class: 'results', dataset: { state: 'loading' } },
    tableWrap(h('table', { class: 'events' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, bi('التاريخ', 'Date')),
        h('th', { scope: 'col' }, bi('النوع', 'Type')),
        h('th', { scope: 'col' }, bi('الفاعل ← المتلقي', 'Actor → Recipient')),
        h('th', { scope: 'col' }, bi('الجملة', 'Sentence')))),
      tbody)),
    status, more);

  append(view,
    pageHead(bi('بحث في الأحداث', 'Search events')),
    filterForm('/', params, { extra: [h('label', { class: 'field', for: 'f-sort' }, h('span', { class: 'label' }, bi('الترتيب', 'Order')), sortSel)] }),
    h('div', { class: 'toolbar' },
      h('span', { class: 'exports' }, bi('تصدير', 'Export'), ' ', exportLink('csv', 'CSV'), ' ', exportLink('jsonl', 'JSONL')),
      h('label', { class: 'live', for: 'live' }, live, ' ', bi('تحديث مباشر', 'Live updates'), ' ', liveState)),
    results);

  let shown = 0;
  const addRows = (events, atTop) => {
    const rows = events.map(eventRow);
    if (atTop) {
      for (const r of rows.reverse()) {
        r.classList.add('new');
        tbody.prepend(r);
      }
    } else {
      append(tbody, rows);
    }
    shown += events.length;
    clear(status);
    if (shown === 0) append(status, bi('لا توجد أحداث مطابقة', 'No matching events'));
    else append(status, `${shown} `, bi('حدثًا معروضًا', 'events shown'));
  };

  let cursor = '';
  const loadPage = async () => {
    results.dataset.state = 'loading';
    more.disabled = true;
    const page = await api('/api/events', withParams(filters, { sort, limit: '50', cursor }));
    if (!current(gen)) return;
    addRows(page.events || [], false);
    cursor = page.next || '';
    more.hidden = !cursor;
    more.disabled = false;
    results.dataset.state = 'done';
  };
  more.addEventListener('click', () => loadPage().catch((err) => {
    results.dataset.state = 'error';
    more.disabled = false;
    showError(err);
  }));

  let source = null;
  const stop = () => {
    if (source) source.close();
    source = null;
    liveState.textContent = '';
  };
  onLeave(stop);
  live.addEventListener('change', () => {
    if (!live.checked) return stop();
    source = new EventSource('/api/stream?' + filters.toString());
    liveState.textContent = '…';
    source.addEventListener('open', () => { liveState.textContent = 'متصل · connected'; });
    source.addEventListener('event', (msg) => {
      try {
        addRows([JSON.parse(msg.data)], true);
      } catch (err) {
        showError(err);
      }
    });
    source.addEventListener('error', () => {
      // EventSource reconnects by itself; say so rather than fail.
      liveState.textContent = 'إعادة الاتصال… · reconnecting…';
    });
  });

  try {
    await loadPage();
  } catch (err) {
    results.dataset.state = 'error';
    throw err;
  }
}

function eventRow(ev) {
  const type = (ev.event || [])[0] || '';
  const docHref = hashFor('/doc/' + encodeURIComponent(ev.doc_id), new URLSearchParams({ event: ev.id }));
  const row = h('tr', {
    class: 'event-row',
    dataset: { event: ev.id, doc: ev.doc_id, type, actors: codes(ev.actor), recipients: codes(ev.recipient) },
  },
  h('td', { class: 'date' }, h('a', { href: docHref, dir: 'ltr' }, ev.date || '—')),
  h('td', { class: 'type' }, typeBadge(type, ev.mode),
    ev.event_text ? h('div', { class: 'trigger' }, ev.event_text) : null),
  h('td', { class: 'who' }, actorArrow(ev)),
  h('td', { class: 'sentence' },
    h('div', { class: 'clamp', dir: 'auto' }, ev.text || ''),
    (ev.title || ev.source) ? h('div', { class: 'doc-meta' }, ev.title || '', ev.source ? h('span', { class: 'source' }, ev.source) : null) : null));
  // The whole row opens the document; links inside keep their own target.
  row.addEventListener('click', (e) => {
    if (e.target.closest('a')) return;
    location.hash = docHref;
  });
  return row;
}

// ---- #/doc/ID ---------------------------------------------------------------

// highlight renders text with the marks ({b, e, role, event, type}, byte
// offsets into the UTF-8 encoding of text). The text is cut at every mark
// boundary; each piece covered by marks becomes one <mark> element with the
// classes of all its roles and the ids and types of all its events, so that
// overlapping and nested spans both render.
function highlight(text, marks) {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  const dec = new TextDecoder('utf-8');
  // A boundary inside a multi-byte character (a defect upstream) moves to
  // the next character start so that no piece decodes to garbage.
  const snap = (i) => {
    i = Math.max(0, Math.min(n, Math.trunc(Number(i) || 0)));
    while (i < n && (bytes[i] & 0xc0) === 0x80) i++;
    return i;
  };
  const ms = [];
  for (const m of marks) {
    const b = snap(m.b);
    const e = snap(m.e);
    if (b < e) ms.push({ ...m, b, e });
  }
  const cuts = [...new Set([0, n, ...ms.flatMap((m) => [m.b, m.e])])].sort((x, y) => x - y);
  ms.sort((x, y) => x.b - y.b);
  const frag = document.createDocumentFragment();
  let active = [];
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const z = cuts[i + 1];
    active = active.filter((m) => m.e > a);
    while (next < ms.length && ms[next].b <= a) active.push(ms[next++]);
    const piece = dec.decode(bytes.subarray(a, z));
    if (active.length === 0) {
      frag.append(piece);
      continue;
    }
    const roles = ['trigger', 'actor', 'recipient'].filter((r) => active.some((m) => m.role === r));
    const events = [...new Set(active.map((m) => m.event))];
    const types = [...new Set(active.map((m) => m.type))];
    frag.append(h('mark', {
      class: ['hl', ...roles.map((r) => 'hl-' + r)].join(' '),
      dataset: { event: events.join(' '), type: types.join(' '), b: a, e: z },
      title: active.map((m) => `${m.type} ${m.role} (${m.event})`).join('\n'),
    }, piece));
  }
  return frag;
}

// marksOf lists the evidence spans of events as marks for highlight.
function marksOf(events) {
  const marks = [];
  const seen = new Set();
  const add = (ev, role, span) => {
    if (!Array.isArray(span) || span.length !== 2) return;
    const key = `${ev.id}|${role}|${span[0]}|${span[1]}`;
    if (seen.has(key)) return;
    seen.add(key);
    marks.push({ b: span[0], e: span[1], role, event: ev.id, type: (ev.event || [])[0] || '' });
  };
  for (const ev of events) {
    for (const evd of ev.evidence || []) {
      add(ev, 'trigger', evd.trigger);
      for (const sp of evd.actor || []) add(ev, 'actor', sp);
      for (const sp of evd.recipient || []) add(ev, 'recipient', sp);
    }
  }
  return marks;
}

function safeURL(u) {
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (_) {
    return null;
  }
}

async function docPage(view, args, params, gen) {
  const id = args.join('/');
  append(view, loading());
  const doc = await api('/api/documents/' + encodeURIComponent(id));
  if (!current(gen)) return;
  clear(view);
  const events = doc.events || [];
  const url = doc.url && safeURL(doc.url);
  const date = doc.date && !doc.date.startsWith('0001') ? doc.date.slice(0, 10) : '';

  const article = h('article', { class: 'doc-text', id: 'doc-text', dir: 'rtl', lang: 'ar' },
    highlight(doc.text || '', marksOf(events)));
  const list = h('ol', { class: 'event-list', id: 'event-list' },
    events.map((ev) => {
      const type = (ev.event || [])[0] || '';
      return h('li', { class: 'event-item', tabindex: '0', dataset: { event: ev.id, type } },
        h('div', { class: 'line' }, typeBadge(type, ev.mode),
          h('span', { class: 'date', dir: 'ltr' }, ev.date || ''),
          h('span', { class: 'scale', dir: 'ltr', title: 'event_scale' }, fmtScale(ev.event_scale))),
        actorArrow(ev),
        ev.event_text ? h('div', { class: 'trigger' }, '«', ev.event_text, '»') : null,
        h('div', { class: 'eid', dir: 'ltr' }, ev.id));
    }));

  let pinned = params.get('event') || '';
  const emphasise = (eventId) => {
    article.classList.toggle('focus', !!eventId);
    for (const el of article.querySelectorAll('mark.hl')) {
      el.classList.toggle('em', !!eventId && el.dataset.event.split(' ').includes(eventId));
    }
    for (const li of list.children) li.classList.toggle('em', li.dataset.event === eventId);
  };
  const pin = (eventId, scroll) => {
    pinned = pinned === eventId ? '' : eventId;
    emphasise(pinned);
    if (pinned && scroll) {
      const first = article.querySelector('mark.em');
      if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  };
  for (const li of list.children) {
    li.addEventListener('mouseenter', () => emphasise(li.dataset.event));
    li.addEventListener('mouseleave', () => emphasise(pinned));
    li.addEventListener('focus', () => emphasise(li.dataset.event));
    li.addEventListener('blur', () => emphasise(pinned));
    li.addEventListener('click', () => pin(li.dataset.event, true));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pin(li.dataset.event, true);
      }
    });
  }
  article.addEventListener('click', (e) => {
    const m = e.target.closest('mark.hl');
    if (!m) return;
    const eventId = m.dataset.event.split(' ')[0];
    pin(eventId, false);
    const li = list.querySelector(`li[data-event="${CSS.escape(eventId)}"]`);
    if (li && pinned) li.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });

  append(view,
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, bi('→ البحث', 'Search'))),
    pageHead(h('span', { dir: 'auto' }, doc.title || doc.id)),
    h('dl', { class: 'meta' },
      metaItem(bi('المعرّف', 'ID'), h('bdi', { dir: 'ltr' }, doc.id)),
      date ? metaItem(bi('التاريخ', 'Date'), h('bdi', { dir: 'ltr' }, date)) : null,
      doc.source ? metaItem(bi('المصدر', 'Source'), h('bdi', {}, doc.source)) : null,
      url ? metaItem(bi('الرابط', 'Link'), h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', dir: 'ltr' }, doc.url)) : null,
      metaItem(bi('الأحداث', 'Events'), String(events.length)),
      doc.dictionary_version ? metaItem(bi('القاموس', 'Dictionary'), h('bdi', { dir: 'ltr', class: 'small' }, `${doc.coder_version || ''} ${doc.dictionary_version}`)) : null),
    h('p', { class: 'legend' },
      h('mark', { class: 'hl hl-trigger' }, bi('الفعل', 'trigger')), ' ',
      h('mark', { class: 'hl hl-actor' }, bi('الفاعل', 'actor')), ' ',
      h('mark', { class: 'hl hl-recipient' }, bi('المتلقي', 'recipient'))),
    h('div', { class: 'doc-layout' },
      article,
      h('aside', { class: 'doc-events' },
        h('h2', {}, bi('الأحداث', 'Events'), ` (${events.length})`),
        events.length ? list : h('p', { class: 'none' }, bi('لم يُرمَّز أي حدث', 'No events coded')))));
  if (pinned) {
    const want = pinned;
    pinned = '';
    pin(want, true);
  }
}

function metaItem(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

function fmtScale(x) {
  if (typeof x !== 'number') return '';
  return (x > 0 ? '+' : '') + x.toFixed(1);
}

// ---- charts ------------------------------------------------------------------

// periodsBetween lists the periods from first to last (YYYY-MM-DD, each
// the first day of a period) so that empty periods show as gaps; it gives
// up (returns null) beyond max periods.
function periodsBetween(first, last, interval, max = 2000) {
  const d = new Date(first + 'T00:00:00Z');
  const end = new Date(last + 'T00:00:00Z');
  if (isNaN(d) || isNaN(end)) return null;
  const out = [];
  while (d <= end) {
    out.push(d.toISOString().slice(0, 10));
    if (out.length > max) return null;
    if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + (interval === 'day' ? 1 : 7));
  }
  return out;
}

// stackedBars draws counts per period and key as stacked bars. Keys listed
// in below are drawn downwards from the axis (conflict under cooperation).
// Time runs left to right, as in the API's dates.
function stackedBars(points, { keys, colour, label, interval, below = [], width }) {
  const periodsSeen = [...new Set(points.map((p) => p.period))].sort();
  if (periodsSeen.length === 0) return h('p', { class: 'none' }, bi('لا بيانات', 'No data'));
  const periods = periodsBetween(periodsSeen[0], periodsSeen[periodsSeen.length - 1], interval) || periodsSeen;
  const idx = new Map(periods.map((p, i) => [p, i]));
  const up = periods.map(() => new Map());
  for (const p of points) {
    const i = idx.get(p.period);
    if (i !== undefined) up[i].set(p.key, (up[i].get(p.key) || 0) + p.count);
  }
  const isBelow = (k) => below.includes(k);
  const sum = (m, pred) => [...m].reduce((a, [k, v]) => a + (pred(k) ? v : 0), 0);
  const maxUp = Math.max(1, ...up.map((m) => sum(m, (k) => !isBelow(k))));
  const maxDown = below.length ? Math.max(0, ...up.map((m) => sum(m, isBelow))) : 0;

  const W = Math.max(300, Math.floor(width));
  const H = below.length ? 320 : 260;
  const m = { top: 12, right: 12, bottom: 44, left: 40 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const y0 = m.top + ih * (maxUp / (maxUp + maxDown));
  const scale = ih / (maxUp + maxDown);
  const bw = iw / periods.length;
  const g = s('g');
  const chart = s('svg', {
    class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', direction: 'ltr',
    'aria-label': label,
  }, s('title', {}, label), g);

  // Horizontal grid lines with counts.
  for (const v of ticks(maxUp, y0 - m.top)) {
    const y = y0 - v * scale;
    g.append(s('line', { x1: m.left, x2: W - m.right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: m.left - 4, y: y + 4, class: 'tick', 'text-anchor': 'end' }, String(v)));
  }
  for (const v of maxDown ? ticks(maxDown, maxDown * scale).filter((t) => t > 0) : []) {
    const y = y0 + v * scale;
    g.append(s('line', { x1: m.left, x2: W - m.right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: m.left - 4, y: y + 4, class: 'tick', 'text-anchor': 'end' }, String(v)));
  }
  periods.forEach((period, i) => {
    const x = m.left + i * bw + Math.min(1, bw * 0.1);
    const w = Math.max(1, bw - 2 * Math.min(1, bw * 0.1));
    let yUp = y0;
    let yDown = y0;
    for (const k of keys) {
      const c = up[i].get(k) || 0;
      if (!c) continue;
      const hgt = c * scale;
      let y;
      if (isBelow(k)) {
        y = yDown;
        yDown += hgt;
      } else {
        yUp -= hgt;
        y = yUp;
      }
      g.append(s('rect', { x, y, width: w, height: hgt, fill: colour(k), class: 'bar', dataset: { period, key: k, count: c } },
        s('title', {}, `${period} · ${k}: ${c}`)));
    }
  });
  g.append(s('line', { x1: m.left, x2: W - m.right, y1: y0, y2: y0, class: 'axis' }));
  // Period labels, thinned so that they do not collide.
  const every = Math.max(1, Math.ceil(74 / bw));
  periods.forEach((period, i) => {
    if (i % every !== 0) return;
    const x = m.left + (i + 0.5) * bw;
    g.append(s('text', { x, y: H - m.bottom + 16, class: 'tick', 'text-anchor': 'middle' },
      interval === 'month' ? period.slice(0, 7) : period));
  });
  return chart;
}

// ticks gives round values from 0 to max, about one per 36 pixels.
function ticks(max, pixels) {
  const step0 = max / Math.max(1, Math.min(5, Math.floor(pixels / 36)));
  const mag = Math.pow(10, Math.floor(Math.log10(Math.max(step0, 1))));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((st) => st >= step0) || mag * 10;
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += Math.max(1, step)) out.push(Math.round(v));
  return out;
}

function legend(items) {
  return h('ul', { class: 'chart-legend' }, items.map(([colour, ...label]) => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = colour;
    return h('li', {}, sw, label);
  }));
}

function intervalSelect(params) {
  const sel = h('select', { id: 'f-interval', name: 'interval' },
    h('option', { value: 'day' }, 'يوم · Day'),
    h('option', { value: 'week' }, 'أسبوع · Week'),
    h('option', { value: 'month' }, 'شهر · Month'));
  sel.value = ['day', 'week', 'month'].includes(params.get('interval')) ? params.get('interval') : 'week';
  return h('label', { class: 'field', for: 'f-interval' }, h('span', { class: 'label' }, bi('الفترة', 'Interval')), sel);
}

// chartWidth measures the room a chart has, so that its text keeps a
// readable size at phone width instead of shrinking with a viewBox.
function chartWidth(view) {
  return Math.min(1400, (view.clientWidth || 800) - 2);
}

// ---- #/actor/CODE --------------------------------------------------------------

async function actorPage(view, args, params, gen) {
  const code = args[0] || '';
  const filters = filterParams(params);
  filters.delete('actor');
  filters.delete('recipient');
  const interval = ['day', 'week', 'month'].includes(params.get('interval')) ? params.get('interval') : 'week';
  const form = filterForm('/actor/' + encodeURIComponent(code), params, { omit: ['actor', 'recipient'], extra: [intervalSelect(params)] });
  append(view, h('nav', { class: 'crumbs' }, h('a', { href: '#/network?' + filters.toString() }, bi('→ الشبكة', 'Network'))),
    pageHead([codeEl(code)]), form, loading());
  const a = await api('/api/actors/' + encodeURIComponent(code), withParams(filters, { interval }));
  if (!current(gen)) return;
  view.querySelector('.loading').remove();
  const head = view.querySelector('.page-head h1');
  if (a.name) append(head, ' ', h('span', { class: 'name', lang: 'en', dir: 'ltr' }, a.name));

  const evLink = (role) => hashFor('/', withParams(filters, { [role]: code }));
  const partners = a.partners || [];
  const types = a.types || [];
  const total = types.reduce((x, t) => x + t.count, 0) || 1;
  const maxType = Math.max(1, ...types.map((t) => t.count));

  append(view,
    h('p', { class: 'summary' },
      h('a', { href: evLink('actor') }, `${a.as_actor} `, bi('حدثًا فاعلاً', 'events as actor')), ' · ',
      h('a', { href: evLink('recipient') }, `${a.as_recipient} `, bi('حدثًا متلقيًا', 'events as recipient'))),
    h('div', { class: 'cols' },
      h('section', { class: 'card' },
        h('h2', {}, bi('الشركاء', 'Partners')),
        partners.length === 0 ? h('p', { class: 'none' }, '—') : tableWrap(h('table', { class: 'partners' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, bi('الشريك', 'Partner')),
            h('th', { scope: 'col', class: 'num' }, bi('صادر', 'Out')),
            h('th', { scope: 'col', class: 'num' }, bi('وارد', 'In')),
            h('th', { scope: 'col', class: 'num' }, bi('متوسط الشدة', 'Mean scale')))),
          h('tbody', {}, partners.map((p) => h('tr', { dataset: { code: p.code } },
            h('td', {}, h('a', { class: 'code', dir: 'ltr', href: hashFor('/actor/' + encodeURIComponent(p.code), filters) }, p.code),
              p.name ? [' ', h('bdi', { class: 'name', lang: 'en', dir: 'ltr' }, p.name)] : null),
            h('td', { class: 'num' }, String(p.outgoing)),
            h('td', { class: 'num' }, String(p.incoming)),
            h('td', { class: 'num ' + (p.mean_scale < 0 ? 'neg' : p.mean_scale > 0 ? 'pos' : ''), dir: 'ltr' }, fmtScale(p.mean_scale)))))))),
      h('section', { class: 'card' },
        h('h2', {}, bi('أنواع الأحداث', 'Event types')),
        types.length === 0 ? h('p', { class: 'none' }, '—') : h('ul', { class: 'type-mix' }, types.map((t) => {
          const bar = h('span', { class: 'bar' });
          bar.style.width = `${(100 * t.count) / maxType}%`;
          bar.style.background = TYPE_COLOURS[t.key] || '#888';
          return h('li', { dataset: { type: t.key } },
            h('a', { href: hashFor('/', withParams(filters, { actor: code, type: t.key })) }, typeBadge(t.key)),
            h('span', { class: 'bar-track' }, bar),
            h('span', { class: 'num' }, `${t.count} (${Math.round((100 * t.count) / total)}%)`));
        })))),
    h('section', { class: 'card' },
      h('h2', {}, bi('الأنواع عبر الزمن', 'Event types over time')),
      stackedBars(a.timeline || [], {
        keys: TYPES.map((t) => t.code), colour: (k) => TYPE_COLOURS[k] || '#888', interval,
        label: `${code}: event types per ${interval}`, width: chartWidth(view) - 32,
      }),
      legend(types.map((t) => [TYPE_COLOURS[t.key] || '#888', t.key, ' ', TYPE[t.key] ? TYPE[t.key].ar : '']))));
}

// ---- #/network -------------------------------------------------------------------

async function networkPage(view, _args, params, gen) {
  const filters = filterParams(params);
  const limit = ['25', '50', '100', '200'].includes(params.get('limit')) ? params.get('limit') : '50';
  const limitSel = h('select', { id: 'f-limit', name: 'limit' }, ['25', '50', '100', '200'].map((n) => h('option', { value: n }, n)));
  limitSel.value = limit;
  append(view, pageHead(bi('شبكة الفاعلين', 'Actor network')),
    filterForm('/network', params, { extra: [h('label', { class: 'field', for: 'f-limit' }, h('span', { class: 'label' }, bi('عدد الروابط', 'Edges')), limitSel)] }),
    loading());
  const net = await api('/api/network', withParams(filters, { limit }));
  if (!current(gen)) return;
  view.querySelector('.loading').remove();
  const nodes = net.nodes || [];
  const edges = net.edges || [];
  if (nodes.length === 0) {
    append(view, h('p', { class: 'none' }, bi('لا علاقات مطابقة', 'No matching relations')));
    return;
  }
  const width = chartWidth(view);
  append(view,
    h('section', { class: 'card network-card' },
      networkChart(nodes, edges, filters, width),
      legend([['#1a9850', 'تعاون · cooperation'], ['#8c8c8c', 'محايد · neutral'], ['#d73027', 'نزاع · conflict']])),
    h('section', { class: 'card' },
      h('h2', {}, bi('أقوى العلاقات', 'Strongest relations')),
      tableWrap(h('table', { class: 'edges' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, bi('الفاعل ← المتلقي', 'Actor → Recipient')),
          h('th', { scope: 'col', class: 'num' }, bi('الأحداث', 'Events')),
          h('th', { scope: 'col', class: 'num' }, bi('متوسط الشدة', 'Mean scale')))),
        h('tbody', {}, edges.map((e) => h('tr', {},
          h('td', {}, h('a', { href: hashFor('/', withParams(filters, { actor: e.actor, recipient: e.recipient })) },
            codeEl(e.actor), ' ← ', codeEl(e.recipient))),
          h('td', { class: 'num' }, String(e.weight)),
          h('td', { class: 'num ' + (e.mean_scale < 0 ? 'neg' : e.mean_scale > 0 ? 'pos' : ''), dir: 'ltr' }, fmtScale(e.mean_scale)))))))));
}

// scaleColour maps a mean score (-10 conflict .. +10 cooperation) to red
// through grey to green.
function scaleColour(x) {
  const t = Math.max(-1, Math.min(1, (x || 0) / 6));
  const grey = [140, 140, 140];
  const end = t < 0 ? [215, 48, 39] : [26, 152, 80];
  const a = Math.abs(t);
  const c = grey.map((g, i) => Math.round(g + (end[i] - g) * a));
  return `rgb(${c.join(',')})`;
}

// layout places nodes deterministically: on a circle by weight, then a
// fixed number of force steps (repulsion between all nodes, springs along
// edges, gravity to the centre) in a unit square that is stretched to the
// drawing at the end, then a few passes that push overlapping nodes apart.
// The same data always gives the same picture.
function layout(nodes, edges, W, H, radius) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / n;
    return { x: 0.5 * Math.cos(a), y: 0.5 * Math.sin(a) };
  });
  const index = new Map(nodes.map((nd, i) => [nd.code, i]));
  const links = edges.map((e) => [index.get(e.actor), index.get(e.recipient)])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  // k is the ideal distance. With gravity g·r, a lone node settles where
  // the repulsion of the others (about n·k²/r) equals it: r = k·sqrt(n/g),
  // which the constants put near the rim of the square.
  const k = 0.45 * Math.sqrt(4 / Math.max(n, 1));
  const g = 1.1;
  const steps = 400;
  for (let step = 0; step < steps; step++) {
    const temp = 0.08 * (1 - step / steps) + 0.002;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d = Math.hypot(dx, dy);
        if (d < 1e-4) { dx = 1e-4 * (i - j); dy = 1e-4; d = Math.hypot(dx, dy); }
        const f = (k * k) / d;
        disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
        disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.max(1e-4, Math.hypot(dx, dy));
      const f = (d * d) / k;
      disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f;
      disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x -= g * pos[i].x;
      disp[i].y -= g * pos[i].y;
      const d = Math.max(1e-6, Math.hypot(disp[i].x, disp[i].y));
      pos[i].x = Math.max(-1, Math.min(1, pos[i].x + (disp[i].x / d) * Math.min(d, temp)));
      pos[i].y = Math.max(-1, Math.min(1, pos[i].y + (disp[i].y / d) * Math.min(d, temp)));
    }
  }
  // Stretch to the drawing, keeping room for the largest node and labels.
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 28;
  const out = pos.map((p) => ({
    x: pad + ((p.x - x0) / Math.max(1e-6, x1 - x0)) * (W - 2 * pad),
    y: pad + ((p.y - y0) / Math.max(1e-6, y1 - y0)) * (H - 2 * pad),
  }));
  if (n === 1) out[0] = { x: W / 2, y: H / 2 };
  // Overlap removal: push apart nodes closer than their radii allow.
  for (let pass = 0; pass < 60; pass++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const want = radius(nodes[i]) + radius(nodes[j]) + 4;
        let dx = out[j].x - out[i].x;
        let dy = out[j].y - out[i].y;
        let d = Math.hypot(dx, dy);
        if (d >= want) continue;
        if (d < 1e-3) { dx = 1; dy = (i % 2) ? 1 : -1; d = Math.SQRT2; }
        const push = (want - d) / 2;
        out[i].x -= (dx / d) * push; out[i].y -= (dy / d) * push;
        out[j].x += (dx / d) * push; out[j].y += (dy / d) * push;
        moved = true;
      }
    }
    for (const p of out) {
      p.x = Math.max(pad / 2, Math.min(W - pad / 2, p.x));
      p.y = Math.max(pad / 2, Math.min(H - pad / 2, p.y));
    }
    if (!moved) break;
  }
  return out;
}

function networkChart(nodes, edges, filters, width) {
  const W = Math.max(300, Math.floor(width - 32));
  const H = Math.round(Math.min(640, Math.max(360, W * (W < 600 ? 1.1 : 0.6))));
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const maxN = Math.max(1, ...nodes.map((nd) => nd.weight));
  // Labels need a radius of 11 px; the rest grows with the weight, less so
  // on a phone where room is short.
  const radius = (nd) => 11 + (W < 600 ? 7 : 14) * Math.sqrt(nd.weight / maxN);
  const pos = layout(nodes, edges, W, H, radius);
  const index = new Map(nodes.map((nd, i) => [nd.code, i]));
  const pairs = new Set(edges.map((e) => `${e.actor}>${e.recipient}`));

  const defs = s('defs');
  const markers = new Map();
  const marker = (colour) => {
    if (!markers.has(colour)) {
      const id = 'arrow' + markers.size;
      markers.set(colour, id);
      defs.append(s('marker', { id, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 10, markerHeight: 10, orient: 'auto', markerUnits: 'userSpaceOnUse' },
        s('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour })));
    }
    return markers.get(colour);
  };
  const f = (x) => x.toFixed(1);

  const edgeLayer = s('g', { class: 'edges' });
  for (const e of edges) {
    const a = index.get(e.actor);
    const b = index.get(e.recipient);
    if (a === undefined || b === undefined) continue;
    const p = pos[a];
    const q = pos[b];
    const colour = scaleColour(e.mean_scale);
    const sw = 1.5 + 6 * (e.weight / maxW);
    let d;
    if (a === b) {
      // An actor acting on itself (a government on its own protesters):
      // a loop above the node.
      const r = radius(nodes[a]);
      d = `M${f(p.x - r * 0.6)},${f(p.y - r * 0.8)} C${f(p.x - r * 1.6)},${f(p.y - r * 2.6)} ${f(p.x + r * 1.6)},${f(p.y - r * 2.6)} ${f(p.x + r * 0.6)},${f(p.y - r * 0.9)}`;
    } else {
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      // Both directions of a pair bend apart so that neither hides the other.
      const bend = pairs.has(`${e.recipient}>${e.actor}`) ? 0.15 : 0;
      const mx = (p.x + q.x) / 2 - dy * bend;
      const my = (p.y + q.y) / 2 + dx * bend;
      // End the line at the rim of the target so that the arrow shows.
      const rb = radius(nodes[b]) + 1;
      const l = Math.max(1, Math.hypot(q.x - mx, q.y - my));
      d = `M${f(p.x)},${f(p.y)} Q${f(mx)},${f(my)} ${f(q.x - ((q.x - mx) / l) * rb)},${f(q.y - ((q.y - my) / l) * rb)}`;
    }
    edgeLayer.append(s('path', {
      d, stroke: colour, 'stroke-width': sw.toFixed(2), fill: 'none', 'marker-end': `url(#${marker(colour)})`,
      class: 'edge', dataset: { actor: e.actor, recipient: e.recipient, weight: e.weight },
    }, s('title', {}, `${e.actor} → ${e.recipient}: ${e.weight} events, mean ${fmtScale(e.mean_scale)}`)));
  }

  const nodeLayer = s('g', { class: 'nodes' });
  nodes.forEach((nd, i) => {
    const r = radius(nd);
    nodeLayer.append(s('a', { href: hashFor('/actor/' + encodeURIComponent(nd.code), filters), class: 'node', dataset: { code: nd.code } },
      s('title', {}, `${nd.code}${nd.name ? ' — ' + nd.name : ''}: ${nd.weight}`),
      s('circle', { cx: f(pos[i].x), cy: f(pos[i].y), r: f(r) }),
      s('text', { x: f(pos[i].x), y: f(pos[i].y + 4), 'text-anchor': 'middle', class: 'node-label' }, nd.code)));
  });
  return s('svg', {
    class: 'chart network', id: 'network', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', direction: 'ltr',
    'aria-label': 'Actor network',
  }, s('title', {}, 'Actor network'), defs, edgeLayer, nodeLayer);
}

// ---- #/timeline ---------------------------------------------------------------------

async function timelinePage(view, _args, params, gen) {
  const filters = filterParams(params);
  const interval = ['day', 'week', 'month'].includes(params.get('interval')) ? params.get('interval') : 'week';
  const by = params.get('by') === 'type' ? 'type' : 'quad';
  const bySel = h('select', { id: 'f-by', name: 'by' },
    h('option', { value: 'quad' }, 'الفئة · Quad class'),
    h('option', { value: 'type' }, 'النوع · Event type'));
  bySel.value = by;
  append(view, pageHead(bi('الخط الزمني', 'Timeline')),
    filterForm('/timeline', params, {
      extra: [intervalSelect(params), h('label', { class: 'field', for: 'f-by' }, h('span', { class: 'label' }, bi('التقسيم', 'Series')), bySel)],
    }),
    loading());
  const tl = await api('/api/timeline', withParams(filters, { interval, by }));
  if (!current(gen)) return;
  view.querySelector('.loading').remove();
  const points = tl.points || [];
  const width = chartWidth(view) - 32;
  let chart;
  let key;
  if (by === 'quad') {
    chart = stackedBars(points, {
      keys: ['2', '1', '3', '4'], below: ['3', '4'], colour: (k) => (QUADS[k] || {}).colour || '#888', interval, width,
      label: `Cooperation (up) and conflict (down) events per ${interval}`,
    });
    key = legend(['1', '2', '3', '4'].map((k) => [QUADS[k].colour, `${k} ${QUADS[k].ar} · `, h('span', { lang: 'en' }, QUADS[k].en)]));
  } else {
    chart = stackedBars(points, {
      keys: TYPES.map((t) => t.code), colour: (k) => TYPE_COLOURS[k] || '#888', interval, width,
      label: `Events per type per ${interval}`,
    });
    const present = new Set(points.map((p) => p.key));
    key = legend(TYPES.filter((t) => present.has(t.code)).map((t) => [TYPE_COLOURS[t.code], t.code, ' ', t.ar]));
  }
  const totals = new Map();
  for (const p of points) totals.set(p.key, (totals.get(p.key) || 0) + p.count);
  append(view,
    h('section', { class: 'card' },
      by === 'quad' ? h('p', { class: 'hint' }, bi('التعاون فوق المحور والنزاع تحته', 'cooperation above the axis, conflict below')) : null,
      chart, key),
    h('section', { class: 'card' },
      h('h2', {}, bi('المجاميع', 'Totals')),
      tableWrap(h('table', { class: 'totals' },
        h('tbody', {}, [...totals].sort((x, y) => y[1] - x[1]).map(([k, c]) => h('tr', {},
          h('th', { scope: 'row' }, by === 'quad' && QUADS[k] ? [`${k} ${QUADS[k].ar} · `, h('span', { lang: 'en' }, QUADS[k].en)] : typeBadge(k)),
          h('td', { class: 'num' }, String(c)))))))));
}

// ---- start -----------------------------------------------------------------------

async function stats() {
  const el = document.getElementById('stats');
  try {
    const st = await api('/api/stats');
    clear(el);
    append(el, `${st.documents} `, bi('وثيقة', 'documents'), ' · ', `${st.events} `, bi('حدثًا', 'events'),
      ' · ', h('a', { href: '/api/openapi.json', lang: 'en' }, 'OpenAPI'));
  } catch (_) {
    // The footer is decoration; the page reports API errors itself.
  }
}

function start() {
  const btn = document.querySelector('.nav-toggle');
  btn.addEventListener('click', () => {
    const open = btn.getAttribute('aria-expanded') !== 'true';
    btn.setAttribute('aria-expanded', String(open));
    document.getElementById('nav').classList.toggle('open', open);
  });
  window.addEventListener('hashchange', route);
  route();
  stats();
}

start();
