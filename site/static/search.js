// Client-side search over the Pagefind indexes built with the site (offline; no request leaves the site).
// There is one index per law (and language): results come grouped by law, in the site's order of laws, each
// group with its best matches first. Progressive enhancement: without JavaScript the search page says so.
const form = document.querySelector("form.search-form");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("search-status");
const output = document.getElementById("search-results");
const groups = JSON.parse(form.dataset.groups);  // [[index folder, label], …] in display order
const english = form.dataset.lang === "en";
const PAGE = 5;
const indexes = new Map();
let latest = 0;

function message(name, fields) {
  return form.dataset["msg" + name].replace(/\{(\w+)\}/g, (_, key) => fields[key] ?? "");
}

let loading = null;

async function loadAll() {
  // Pagefind picks its language from <html lang> when an index starts; the indexes are built as Chinese (whose
  // segmenter also splits English words), so English pages load them as Chinese too. Every index is started
  // under the one switch: were each load to switch and restore the language itself, a load finishing first
  // would restore English while another index was still starting, and that index would not segment Chinese.
  loading ??= (async () => {
    const root = document.documentElement;
    const pageLang = root.lang;
    root.lang = "zh";
    try {
      await Promise.all(groups.map(async ([folder]) => {
        const index = await import(new URL(folder + "pagefind.js", location.href).href);
        await index.options({ baseUrl: new URL(form.dataset.root, location.href).pathname });
        await index.init();
        indexes.set(folder, index);
      }));
    } finally {
      root.lang = pageLang;
    }
  })();
  try {
    await loading;
  } catch (err) {
    loading = null;  // try again with the next query
    throw err;
  }
}

function element(tag, attrs, ...children) {
  const el = document.createElement(tag);
  Object.assign(el, attrs);
  el.append(...children);
  return el;
}

async function show(results, list, from) {
  const data = await Promise.all(results.slice(from, from + (from ? 2 * PAGE : PAGE)).map((r) => r.data()));
  for (const result of data) {
    const excerpt = element("p", { className: "excerpt" });
    excerpt.innerHTML = result.excerpt;  // Pagefind escapes the page text and adds only <mark>
    list.append(element("li", {}, element("a", { href: result.url, textContent: (english && result.meta.title_en) || result.meta.title || result.url }),
                        excerpt));
  }
  return from + data.length;
}

async function run(query) {
  const ticket = ++latest;
  if (!query.trim()) { output.replaceChildren(); status.textContent = ""; return; }
  status.textContent = message("Loading", {});
  const sections = [];
  let total = 0;
  try {
    await loadAll();
    const searches = await Promise.all(groups.map(([folder]) => indexes.get(folder).search(query)));
    if (ticket !== latest) return;  // a newer query is under way
    for (const [i, search] of searches.entries()) {
      if (!search || !search.results.length) continue;
      total += search.results.length;
      const list = element("ol");
      const heading = element("h2", { textContent: `${groups[i][1]} (${search.results.length})` });
      const section = element("section", { className: "result-group" }, heading, list);
      let shown = await show(search.results, list, 0);
      if (shown < search.results.length) {
        const more = element("button", { type: "button", className: "more", textContent: message("More", {}) });
        more.addEventListener("click", async () => {
          shown = await show(search.results, list, shown);
          if (shown >= search.results.length) more.remove();
        });
        section.append(more);
      }
      sections.push(section);
    }
  } catch (err) {
    status.textContent = message("Error", {});
    output.replaceChildren();
    return;
  }
  if (ticket !== latest) return;
  output.replaceChildren(...sections);
  status.textContent = total ? message("Results", { query, count: total }) : message("None", { query });
}

function submit() {
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
}

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (initial) run(initial);
let timer = null;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(submit, 300); });
form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); submit(); });
