// Search on lawdiff's site, offline: no request leaves the site.
//
// 1. Direct hits, from the directory the build writes (search/directory.js): a query that names a provision
//    (第二百五十三条之一, 253条之一, 253-1, 刑法第253条之一, 个人信息保护法第二十八条, Article 253-1), a charge
//    (侵犯公民个人信息罪), a law's, instrument's or proposal's title or short title, or a chapter or section
//    heading puts that page first.
// 2. Then one ranked list from Pagefind over every law, instrument and proposal (one index per group, each
//    searched, the best of each read and ranked together): pages whose title or charge names hold the query as
//    a phrase, then pages whose text does, then the others; each result labelled with its law and what it is
//    (the text in force, an amending instrument, a proposal), its excerpt the phrase in context.
// Opened from disk (file://) the browser refuses Pagefind's files: the direct hits still work, and the page says
// in one sentence how to serve the site. Without JavaScript the page says so (<noscript>).
(() => {
"use strict";
const form = document.querySelector("form.search-form");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("search-status");
const output = document.getElementById("search-results");
const groups = JSON.parse(form.dataset.groups);  // [[index folder, label], …]
const english = form.dataset.lang === "en";
const directory = window.LAWDIFF_DIRECTORY || { laws: [], documents: [], charges: [] };
const fromDisk = location.protocol === "file:";
const PAGE = 10;
const DIRECT = 8;
let latest = 0;

function message(name, fields = {}) {
  return (form.dataset["msg" + name] || "").replace(/\{(\w+)\}/g, (_, key) => fields[key] ?? "");
}

function element(tag, attrs, ...children) {
  const el = document.createElement(tag);
  Object.assign(el, attrs);
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
}

// --- the query -------------------------------------------------------------------------------------------------

// Full-width digits and letters to their plain forms (NFKC), no spaces, lower case: as titles are compared too.
function normalize(text) {
  return text.normalize("NFKC").replace(/[\s\u3000·・]/g, "").toLowerCase();
}

const DIGITS = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

// The number a Chinese numeral (一千零三十二) or Arabic digits stand for; NaN when neither.
function number(text) {
  if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
  if (!/^[零〇一二两三四五六七八九十百千万]+$/.test(text)) return NaN;
  let total = 0, section = 0, digit = null;
  for (const ch of text) {
    if (ch in DIGITS) { digit = DIGITS[ch]; continue; }
    const unit = UNITS[ch];
    if (unit === 10000) { total += (section + (digit || 0)) * unit; section = 0; digit = null; continue; }
    section += (digit === null ? 1 : digit) * unit;
    digit = null;
  }
  return total + section + (digit || 0);
}

const NUM = "([0-9]+|[零〇一二两三四五六七八九十百千万]+)";
const ZH_ARTICLE = new RegExp(`^(.*?)第?${NUM}条(?:之${NUM})?(?:第${NUM}款)?(?:第${NUM}项)?$`);
const DASHED = new RegExp("^(.*?)(?:第)?([0-9]+)(?:[-－—]([0-9]+))?(?:条)?$");
const EN_ARTICLE = /^(.*?)(?:art(?:icle)?\.?)([0-9]+)(?:-([0-9]+))?(?:(?:of)?(?:the)?(.*))?$/;

// The article a query names, as {law part, key, paragraph}: null when it names none.
function articleQuery(query) {
  let m = ZH_ARTICLE.exec(query);
  if (m) {
    const base = number(m[2]), sub = m[3] ? number(m[3]) : 0;
    if (base > 0 && !Number.isNaN(sub)) {
      return { law: m[1], key: sub ? `${base}-${sub}` : `${base}`, para: m[4] ? number(m[4]) : null };
    }
  }
  m = EN_ARTICLE.exec(query);
  if (m) return { law: m[1] || m[4] || "", key: m[3] ? `${m[2]}-${m[3]}` : m[2], para: null };
  m = DASHED.exec(query);
  if (m && (m[3] || query.length <= 4 || m[1])) return { law: m[1], key: m[3] ? `${m[2]}-${m[3]}` : m[2], para: null };
  return null;
}

const LAW_TITLES = directory.laws.map((law) => ({ law, titles: law.titles.map(normalize) }));

// The laws a query's law part names (every law, the site's first first, when it names none).
function lawsNamed(part) {
  if (!part) return directory.laws;
  const exact = LAW_TITLES.filter(({ titles }) => titles.includes(part));
  if (exact.length) return exact.map(({ law }) => law);
  return LAW_TITLES.filter(({ titles }) => part.length >= 2 && titles.some((t) => t.startsWith(part) || t.endsWith(part)))
    .map(({ law }) => law);
}

// An article's label as the law prints it (第二百五十三条之一), or in English (Article 253-1).
function articleLabel(law, key) {
  const known = law.articles[key];
  if (known) return known[0];
  const [base, sub] = key.split("-");
  return english ? `Article ${key}` : `第${base}条${sub ? "之" + sub : ""}`;
}

function directHits(raw) {
  const query = normalize(raw);
  if (!query) return [];
  const hits = [];
  const seen = new Set();
  const add = (hit) => { if (!seen.has(hit.path)) { seen.add(hit.path); hits.push(hit); } };
  // a provision
  const wanted = articleQuery(query);
  if (wanted) {
    for (const law of lawsNamed(wanted.law)) {
      const known = law.articles[wanted.key];
      if (known === undefined) continue;
      const anchor = wanted.para ? `#art_${wanted.key}__para_${wanted.para}` : "";
      add({ kind: "article", title: `${articleLabel(law, wanted.key)} · ${law.title}`, path: `${law.dir}/art_${wanted.key}.html${anchor}`, text: known[1] });
    }
  }
  // a charge: its name, or the name without 罪
  const charges = directory.charges.filter((c) => {
    const name = normalize(c.name);
    return name === query || (query.length >= 4 && (name === query + "罪" || name.startsWith(query)));
  }).sort((a, b) => (b.current - a.current) || (normalize(a.name) === query ? -1 : 1));
  for (const charge of charges) {
    const law = directory.laws.find((l) => l.name === charge.law);
    if (!law) continue;
    for (const key of charge.articles) {
      const note = charge.current ? message("ChargeNow", { name: charge.name }) : message("ChargeBefore", { name: charge.name, until: charge.until });
      add({ kind: "charge", title: `${articleLabel(law, key)} · ${law.title}`, path: `${law.dir}/art_${key}.html`, text: note });
    }
  }
  // a title or short title: whole titles first, then titles that hold the query (the shorter the title, the closer)
  const documents = [
    ...directory.laws.map((law) => ({ kind: "law", title: law.title, titles: law.titles, path: law.path })),
    ...directory.documents,
  ];
  const scored = [];
  for (const doc of documents) {
    const titles = doc.titles.map(normalize);
    if (titles.includes(query)) scored.push([0, 0, doc]);
    else if (query.length >= 2) {
      const holding = titles.filter((t) => t.includes(query));
      if (holding.length) scored.push([1, Math.min(...holding.map((t) => t.length)), doc]);
    }
  }
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [rank, , doc] of scored) {
    if (rank === 0) add({ kind: doc.kind, title: doc.title, path: doc.path, text: "" });
  }
  // a chapter or section heading
  if (query.length >= 2) {
    for (const law of directory.laws) {
      for (const [eid, heading] of law.headings) {
        if (normalize(heading).includes(query)) add({ kind: "heading", title: `${heading} · ${law.title}`, path: `${law.path}#${eid}`, text: "" });
      }
    }
  }
  for (const [rank, , doc] of scored.slice(0, 5)) {
    if (rank === 1) add({ kind: doc.kind, title: doc.title, path: doc.path, text: "" });
  }
  return hits.slice(0, DIRECT);
}

// --- Pagefind ------------------------------------------------------------------------------------------------

let loading = null;

async function pagefind() {
  // One Pagefind instance per group (a law, the proposals): its own scores are comparable only within it, so each
  // is searched on its own and the results ranked together below. Pagefind picks its language from <html lang>
  // when an index starts; the indexes are built as Chinese (whose segmenter also splits English words), so
  // English pages start them as Chinese too.
  loading ??= (async () => {
    const root = document.documentElement;
    const pageLang = root.lang;
    const baseUrl = new URL(form.dataset.root, location.href).pathname;
    root.lang = "zh";
    try {
      return await Promise.all(groups.map(async ([folder]) => {
        const index = await import(new URL(folder + "pagefind.js", location.href).href);
        await index.options({ baseUrl });
        await index.init();
        return index;
      }));
    } finally {
      root.lang = pageLang;
    }
  })();
  try {
    return await loading;
  } catch (err) {
    loading = null;  // try again with the next query
    throw err;
  }
}

// How many of each index's best results are read in full and ranked again.
const RERANK = 15;

// A pattern that finds the query as one phrase in a page's text: its characters in order, spaces between them
// optional (a Chinese phrase may be split by the page's layout; "personal  information" is the same phrase).
function phrasePattern(query) {
  const chars = [...normalize(query)].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return chars.length ? new RegExp(chars.join("\\s*"), "iu") : null;
}

// What each kind of page weighs against the others when both hold the query alike: the law in force first, then
// proposals, then amending instruments (history: their text is in the versions of the articles they changed).
const KIND_WEIGHT = { article: 1, law: 1, proposal: 0.85, instrument: 0.7 };

// How well a page's text holds the phrase: its occurrences, saturating, against the page's length (BM25's form,
// k = 1.2, b = 0.75, lengths against an article's usual 300 characters).
function phraseScore(count, length) {
  return count ? (count * 2.2) / (count + 1.2 * (0.25 + 0.75 * length / 300)) : 0;
}

// One ranked list across every index. Pagefind matches a Chinese query word by word and by prefix (人脸识别 also
// finds 人员, 人民), its phrase search does not work on segmented Chinese, and its scores are relative to each
// index. So each index's best results are read and ranked in tiers — pages whose title or charge names hold the
// query as a phrase, then pages whose text holds it, then the rest — and within a tier by how well the page
// holds the phrase and by its score relative to the best of its index, weighed by its kind. Returns
// [{result, data}] (data null for results not read: they follow, by relative score).
async function ranked(indexes, query) {
  const searches = await Promise.all(indexes.map((index) => index.search(query)));
  const phrase = phrasePattern(query);
  const global = phrase && new RegExp(phrase.source, "giu");
  const read = [], rest = [];
  await Promise.all(searches.map(async (search) => {
    const results = search?.results || [];
    if (!results.length) return;
    const best = results[0].score || 1;
    const data = await Promise.all(results.slice(0, RERANK).map((r) => r.data()));
    results.forEach((result, i) => {
      const relative = result.score / best;
      if (i >= RERANK) { rest.push({ result, data: null, relative }); return; }
      const d = data[i];
      const content = d.content || "";
      const count = global ? (content.match(global) || []).length : 0;
      let tier = 2;
      // an article's title is its number and its law's title: only its charge names count as its title here
      const titles = d.meta.kind === "article" ? [d.meta.charges] : [d.meta.title, d.meta.title_en];
      if (phrase && titles.some((t) => t && phrase.test(t))) tier = 0;
      else if (count) tier = 1;
      const weight = KIND_WEIGHT[d.meta.kind] ?? 0.7;
      read.push({ result, data: d, tier, score: weight * (phraseScore(count, content.length) + relative) });
    });
  }));
  read.sort((a, b) => a.tier - b.tier || b.score - a.score);
  rest.sort((a, b) => b.relative - a.relative);
  return [...read, ...rest];
}

// The excerpt of a result: the query's phrase in context, marked, when the text holds it; Pagefind's otherwise
// (Pagefind escapes the page text and adds only <mark>).
function excerptOf(data, phrase) {
  const p = element("p", { className: "excerpt" });
  const m = phrase && phrase.exec(data.content || "");
  if (!m) {
    p.innerHTML = data.excerpt;
    return p;
  }
  const text = data.content;
  const start = Math.max(0, m.index - 30), end = Math.min(text.length, m.index + m[0].length + 50);
  p.append((start > 0 ? "…" : "") + text.slice(start, m.index), element("mark", { textContent: m[0] }),
    text.slice(m.index + m[0].length, end) + (end < text.length ? "…" : ""));
  return p;
}

// --- showing ---------------------------------------------------------------------------------------------------

function kindLabel(kind) {
  return message("Kind" + kind.charAt(0).toUpperCase() + kind.slice(1));
}

function hitItem(hit) {
  return element("li", { className: `result direct ${hit.kind}` },
    element("a", { href: new URL(form.dataset.root + hit.path, location.href).href, textContent: hit.title }),
    element("span", { className: "kind", textContent: kindLabel(hit.kind) }),
    hit.text ? element("p", { className: "excerpt", textContent: hit.text }) : null);
}

async function resultItems(entries, shownPaths, phrase) {
  const data = await Promise.all(entries.map((e) => e.data || e.result.data()));
  const items = [];
  for (const result of data) {
    const path = new URL(result.url, location.href).pathname;
    if (shownPaths.has(path)) continue;
    const title = (english && result.meta.title_en) || result.meta.title || result.url;
    const law = (english && result.meta.law_en) || result.meta.law;
    items.push(element("li", { className: `result ${result.meta.kind || ""}` },
      element("a", { href: result.url, textContent: title }),
      element("span", { className: "kind", textContent: [kindLabel(result.meta.kind || "page"), law].filter(Boolean).join(" · ") }),
      excerptOf(result, phrase)));
  }
  return items;
}

async function run(query) {
  const ticket = ++latest;
  output.setAttribute("aria-busy", "true");
  try {
    await show(query, ticket);
  } finally {
    if (ticket === latest) output.setAttribute("aria-busy", "false");
  }
}

async function show(query, ticket) {
  if (!query.trim()) { output.replaceChildren(); status.textContent = ""; return; }
  const hits = directHits(query);
  const list = element("ol", { className: "results" }, ...hits.map(hitItem));
  const shownPaths = new Set(hits.map((h) => new URL(form.dataset.root + h.path, location.href).pathname.split("#")[0]));
  output.replaceChildren(list);
  if (fromDisk) {
    output.prepend(element("p", { className: "note from-disk", textContent: message("FromDisk") }));
    status.textContent = hits.length ? message("Results", { query, count: hits.length }) : message("None", { query });
    return;
  }
  status.textContent = message("Loading");
  let results;
  try {
    results = await ranked(await pagefind(), query);
  } catch (err) {
    if (ticket !== latest) return;
    status.textContent = message("Error");
    return;
  }
  if (ticket !== latest) return;  // a newer query is under way
  let shown = 0;
  const more = element("button", { type: "button", className: "more", textContent: message("More") });
  const next = async () => {
    const items = await resultItems(results.slice(shown, shown + PAGE), shownPaths, phrasePattern(query));
    shown += PAGE;
    list.append(...items);
    if (shown >= results.length) more.remove();
  };
  await next();
  if (ticket !== latest) return;
  if (shown < results.length) { more.addEventListener("click", next); output.append(more); }
  const count = hits.length + results.length;
  status.textContent = count ? message("Results", { query, count }) : message("None", { query });
  if (english && !count && /[a-z]/i.test(query)) {  // English words find only the laws rendered in English
    const laws = directory.laws.filter((law) => law.english).map((law) => law.title).join("; ");
    output.append(element("p", { className: "note coverage", textContent: message("Coverage", { laws }) }));
  }
}

function submit() {
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
}

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (fromDisk) status.textContent = message("FromDisk");
if (initial) run(initial);
let timer = null;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(submit, 300); });
form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); submit(); });
})();
