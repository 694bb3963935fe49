// The drafting workbench (lawdiff serve, /studio/): articles edited in place, a preview drafted by the server as
// you type (debounced), saving and downloads. Vanilla JavaScript, no network beyond the server it came from; every
// request carries the run's token (<meta name="lawdiff-token">). Interface strings come from the page
// (#studio-data), in the page's language.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("studio-data").textContent);
  var token = document.querySelector('meta[name="lawdiff-token"]').getAttribute("content");
  var M = data.messages;
  var DEBOUNCE = 350;
  var $ = function (id) { return document.getElementById(id); };
  var form = $("studio"), law = $("studio-law"), date = $("studio-date"), status = $("studio-status");
  var editors = $("studio-editors"), preview = $("studio-preview");
  var cards = [];          // {key, label, original, exists, el, textarea, deleted}
  var editing = null;      // the id of the proposal opened, which the draft replaces
  var timer = null, sequence = 0;

  function say(template, fields) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, k) { return fields && k in fields ? fields[k] : ""; });
  }

  function api(method, route, body, query) {
    var url = "/studio/api/" + route + (query ? "?" + new URLSearchParams(query).toString() : "");
    var init = { method: method, headers: { "X-Lawdiff-Token": token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      var kind = response.headers.get("Content-Type") || "";
      if (kind.indexOf("application/json") === 0) {
        return response.json().then(function (json) { return { status: response.status, json: json }; });
      }
      return response.blob().then(function (blob) {
        var disposition = response.headers.get("Content-Disposition") || "";
        var m = /filename="([^"]+)"/.exec(disposition);
        return { status: response.status, blob: blob, name: m ? m[1] : "download" };
      });
    });
  }

  function base() {
    return law.value + (date.value ? "@" + date.value : "");
  }

  // --- the law and its articles -----------------------------------------------------------------------------

  function fillArticleList() {
    var list = $("studio-article-list");
    list.textContent = "";
    var entry = data.laws.filter(function (l) { return l.name === law.value; })[0];
    (entry ? entry.articles : []).forEach(function (key) {
      var option = document.createElement("option");
      option.value = key;
      list.appendChild(option);
    });
  }

  function clearCards() {
    cards.forEach(function (card) { card.el.remove(); });
    cards = [];
    $("studio-editors-empty").hidden = false;
  }

  function addCard(info, text, deleted) {
    var card = { key: info.article, label: info.label, original: info.text, exists: info.exists, deleted: !!deleted };
    var section = document.createElement("section");
    section.className = "studio-editor";
    section.id = "studio-editor-" + info.article;
    var heading = document.createElement("h3");
    heading.id = section.id + "-h";
    heading.lang = "zh-Hans";
    heading.textContent = info.label;
    if (!info.exists) {
      var badge = document.createElement("span");
      badge.className = "badge row-inserted-badge";
      badge.lang = data.lang === "en" ? "en" : "zh-Hans";
      badge.textContent = " " + (data.lang === "en" ? "new" : "新增");
      heading.appendChild(badge);
    }
    section.setAttribute("aria-labelledby", heading.id);
    var label = document.createElement("label");
    label.setAttribute("for", section.id + "-text");
    label.textContent = say(info.exists ? M.studio_text_label : M.studio_new_label, { label: info.label });
    var textarea = document.createElement("textarea");
    textarea.id = section.id + "-text";
    textarea.lang = "zh-Hans";
    textarea.rows = Math.max(4, Math.min(18, (text.match(/\n/g) || []).length + 3));
    textarea.value = text;
    var note = document.createElement("p");
    note.className = "note studio-deleted-note";
    note.id = section.id + "-deleted";
    note.textContent = M.studio_deleted_note;
    var buttons = document.createElement("div");
    buttons.className = "studio-row";
    var del = button(deleted ? M.studio_undelete_article : M.studio_delete_article, function () {
      card.deleted = !card.deleted;
      del.textContent = card.deleted ? M.studio_undelete_article : M.studio_delete_article;
      del.setAttribute("aria-pressed", String(card.deleted));
      render(card);
      schedule();
    });
    del.setAttribute("aria-pressed", String(!!deleted));
    if (!info.exists) { del.hidden = true; }
    var restore = button(M.studio_restore_article, function () {
      textarea.value = card.original;
      card.deleted = false;
      render(card);
      schedule();
      textarea.focus();
    });
    if (!info.exists) { restore.hidden = true; }
    var remove = button(M.studio_remove_article, function () {
      cards.splice(cards.indexOf(card), 1);
      section.remove();
      $("studio-editors-empty").hidden = cards.length > 0;
      schedule();
      $("studio-article").focus();
    });
    buttons.append(del, restore, remove);
    section.append(heading, label, textarea, note, buttons);
    editors.appendChild(section);
    card.el = section;
    card.textarea = textarea;
    textarea.addEventListener("input", schedule);
    cards.push(card);
    $("studio-editors-empty").hidden = true;
    render(card);
    return card;
  }

  function render(card) {
    card.textarea.disabled = card.deleted;
    card.el.classList.toggle("is-deleted", card.deleted);
    card.el.querySelector(".studio-deleted-note").hidden = !card.deleted;
  }

  function button(text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function addArticle() {
    var input = $("studio-article"), error = $("studio-article-error");
    var value = input.value.trim();
    error.hidden = true;
    if (!value) { input.focus(); return; }
    return api("GET", "article", undefined, { base: base(), article: value }).then(function (r) {
      if (r.status !== 200) { showError(error, r.json.error); return; }
      var info = r.json;
      var existing = cards.filter(function (c) { return c.key === info.article; })[0];
      if (existing) { existing.textarea.focus(); return; }
      var card = addCard(info, info.text, false);
      input.value = "";
      card.textarea.focus();
      schedule();
    });
  }

  function showError(el, message) {
    el.textContent = message;
    el.hidden = false;
  }

  // --- the preview ----------------------------------------------------------------------------------------

  function changes() {
    return cards.map(function (card) {
      return card.deleted ? { article: card.key, text: "（删去）", deleted: true }
                          : { article: card.key, text: card.textarea.value };
    });
  }

  function sources() {
    return $("studio-sources").value.split("\n").map(function (line) { return line.trim(); })
      .filter(Boolean).map(function (line) {
        var f = line.split("|").map(function (x) { return x.trim(); });
        var source = { key: f[0] || "", author: f[1] || "", title: f[2] || "", year: f[3] || "" };
        if (f[4]) { source.section = f[4]; }
        if (f[5]) { source.url = f[5]; }
        return source;
      });
  }

  function charges() {
    return $("studio-charges").value.split("\n").map(function (line) { return line.trim(); })
      .filter(Boolean).map(function (line) {
        var words = line.split(/\s+/);
        return { provision: words[0], names: words.slice(1) };
      });
  }

  function details() {
    var body = {
      id: $("studio-id").value.trim(),
      title: { zh: $("studio-title-zh").value.trim(), en: $("studio-title-en").value.trim() },
      base: base(),
      changes: changes(),
      rationale: { zh: $("studio-rationale-zh").value, en: $("studio-rationale-en").value },
      authors: $("studio-authors").value.split("\n").map(function (a) { return a.trim(); }).filter(Boolean),
      sources: sources(),
      charges: charges(),
      lang: data.lang
    };
    if (editing) { body.editing = editing; }
    return body;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE);
  }

  function update() {
    var body = details();
    if (!body.changes.length) {
      $("studio-instructions").textContent = "";
      $("studio-report").textContent = "";
      $("studio-diff").textContent = "";
      status.textContent = M.studio_preview_waiting;
      return;
    }
    var mine = ++sequence;
    preview.setAttribute("aria-busy", "true");
    status.textContent = M.studio_preview_busy;
    return api("POST", "preview", body).then(function (r) {
      if (mine !== sequence) { return; }  // a later preview is on its way
      preview.setAttribute("aria-busy", "false");
      if (r.status !== 200) {
        status.textContent = say(M.studio_preview_error, { error: r.json.error });
        return;
      }
      $("studio-instructions").innerHTML = r.json.instructions_html;  // rendered by the site's templates, escaped
      $("studio-report").innerHTML = r.json.report_html;
      $("studio-diff").innerHTML = r.json.diff_html;
      var rationale = r.json.rationale_html || {};
      $("studio-rationale-html").innerHTML = (rationale.zh || "") + (rationale.en || "");  // sanitised (nh3)
      status.textContent = r.json.summary;
    }).catch(function () {
      preview.setAttribute("aria-busy", "false");
      status.textContent = say(M.studio_preview_error, { error: "lawdiff serve" });
    });
  }

  // --- opening, saving, downloading ----------------------------------------------------------------------

  function openProposal() {
    var id = $("studio-open").value;
    if (!id) { return; }
    return api("GET", "proposal", undefined, { id: id }).then(function (r) {
      if (r.status !== 200) { status.textContent = say(M.studio_preview_error, { error: r.json.error }); return; }
      var p = r.json;
      var parts = p.base.split("@");
      law.value = parts[0];
      date.value = parts[1] || "";
      fillArticleList();
      clearCards();
      editing = p.id;
      $("studio-id").value = p.id;
      $("studio-title-zh").value = p.title.zh;
      $("studio-title-en").value = p.title.en;
      $("studio-authors").value = p.authors.join("\n");
      $("studio-rationale-zh").value = p.rationale.zh;
      $("studio-rationale-en").value = p.rationale.en;
      $("studio-sources").value = p.sources.map(function (s) {
        return [s.key, s.author, s.title, s.year, s.section, s.url].join(" | ").replace(/( \| )+$/, "");
      }).join("\n");
      $("studio-charges").value = (p.charges || []).map(function (c) {
        return c.provision + " " + c.names.join(" ");
      }).join("\n");
      $("studio-overwrite").checked = true;
      var loads = p.changes.map(function (change) {
        return api("GET", "article", undefined, { base: p.base, article: change.article }).then(function (a) {
          return { info: a.json, change: change };
        });
      });
      return Promise.all(loads).then(function (loaded) {
        loaded.forEach(function (x) { addCard(x.info, x.change.deleted ? x.info.text : x.change.text, x.change.deleted); });
        status.textContent = say(M.studio_opened, { id: p.id });
        if (cards.length) { cards[0].textarea.focus(); }
        update();
      });
    });
  }

  function save(event) {
    event.preventDefault();
    var out = $("studio-save-status");
    var body = details();
    body.overwrite = $("studio-overwrite").checked;
    out.textContent = M.studio_saving;
    return api("POST", "save", body).then(function (r) {
      if (r.status === 201) {
        out.textContent = say(M.studio_saved, { file: r.json.file });
        editing = r.json.id;
        waitForPage(r.json.id, out, 0);
      } else if (r.status === 409) {
        out.textContent = M.studio_exists;
        $("studio-overwrite").focus();
      } else {
        out.textContent = say(M.studio_save_error, { error: r.json.error });
      }
    });
  }

  function waitForPage(id, out, tries) {
    api("GET", "built", undefined, { id: id }).then(function (r) {
      if (r.status === 200 && r.json.built) {
        out.textContent = M.studio_saved_open;
        window.location.href = (data.lang === "en" ? "/en" : "") + r.json.page;
      } else if (tries < 600) {
        setTimeout(function () { waitForPage(id, out, tries + 1); }, 500);
      }
    });
  }

  function download(event) {
    var kind = event.currentTarget.getAttribute("data-download");
    var route = { "table-docx": "table.docx", "table-md": "table.md", "proposal-docx": "proposal.docx" }[kind];
    var out = $("studio-save-status");
    return api("POST", route, details()).then(function (r) {
      if (!r.blob) { out.textContent = say(M.studio_save_error, { error: r.json.error }); return; }
      var link = document.createElement("a");
      link.href = URL.createObjectURL(r.blob);
      link.download = r.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      out.textContent = say(M.studio_downloaded, { file: r.name });
    });
  }

  law.addEventListener("change", function () { fillArticleList(); clearCards(); editing = null; schedule(); });
  date.addEventListener("change", schedule);
  $("studio-add").addEventListener("click", addArticle);
  $("studio-article").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); addArticle(); }
  });
  $("studio-open-button").addEventListener("click", openProposal);
  ["studio-rationale-zh", "studio-rationale-en", "studio-sources", "studio-charges"].forEach(function (id) {
    $(id).addEventListener("input", schedule);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-download]"), function (b) {
    b.addEventListener("click", download);
  });
  form.addEventListener("submit", save);
  fillArticleList();
  window.lawdiffStudio = { update: update, addArticle: addArticle };  // for tests and the curious
})();
