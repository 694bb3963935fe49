// The Art. 12 form of an article page (partials/art12.html): for an act date and a judgment date, which version
// of the article applies. Nothing is decided here: every answer was computed at build time by lawdiff.applicable
// for each pair of versions (the data in the page), tier by tier where the answer depends on the tier the conduct
// fits; this script only finds the versions in force on the two dates and shows the stored answer — for every
// tier, or for the one chosen. Without JavaScript the form stays hidden and the worked example remains.
for (const form of document.querySelectorAll("form.art12-form")) {
  const section = form.closest("section");
  const data = JSON.parse(section.querySelector("script.art12-data").textContent);
  const act = form.elements.act;
  const judgment = form.elements.judgment;
  const tier = form.elements.tier;
  const tierField = form.querySelector(".art12-tier");
  const result = form.querySelector(".art12-result");

  // index of the version in force on an ISO date; -1 before the first
  function versionOn(date) {
    for (let i = data.starts.length - 1; i >= 0; i--) {
      if (data.starts[i] <= date) return i;
    }
    return -1;
  }

  // the message of an outcome, from the form's data-msg-* attributes (for_judge → data-msg-for-judge)
  function message(outcome) {
    const key = outcome.replace(/_(\w)/g, (_, c) => c.toUpperCase());
    return form.dataset["msg" + key[0].toUpperCase() + key.slice(1)];
  }

  // offer the tiers of this pair of dates, keeping the one chosen where it is among them
  function offer(tiers) {
    const chosen = tier.value === "" ? null : tier.options[tier.selectedIndex].textContent;
    tier.replaceChildren(new Option(data.all_tiers, ""));
    tiers.forEach((t, i) => tier.append(new Option(t.label, String(i), false, t.label === chosen)));
    tierField.hidden = tiers.length < 2;
  }

  function show(event) {
    result.replaceChildren();
    if (!act.value || !judgment.value) return;
    if (judgment.value < act.value) { tierField.hidden = true; result.textContent = form.dataset.msgOrder; return; }
    const decision = data.decisions[`${versionOn(act.value)},${versionOn(judgment.value)}`];
    if (!decision) return;
    if (!event || event.target !== tier) offer(decision.tiers);
    const picked = tier.value === "" ? null : decision.tiers[Number(tier.value)];
    const outcome = document.createElement("strong");
    outcome.textContent = picked ? picked.answer : message(decision.outcome);
    result.append(outcome);
    const version = picked ? picked.version : decision.version;
    if (version !== null) {
      const link = document.createElement("a");
      link.href = "#" + data.anchors[version];
      link.textContent = data.names[version];
      result.append(" · ", link);
    }
    if (decision.penalties) result.append(document.createElement("br"), decision.penalties);
    const shown = picked ? [picked] : decision.tiers;
    if (shown.length) {
      const list = document.createElement("ul");
      list.className = "art12-tier-answers";
      for (const t of shown) {
        const item = document.createElement("li");
        item.lang = "zh-Hans";
        const answer = document.createElement("span");
        answer.lang = document.documentElement.lang;
        answer.textContent = t.answer;
        item.append(t.label + (t.spans ? `: ${t.spans}` : "") + " — ", answer);
        list.append(item);
      }
      result.append(list);
    }
    for (const citation of decision.citations) {
      const line = document.createElement("p");
      line.lang = "zh-Hans";
      line.textContent = citation;
      result.append(line);
    }
  }

  form.hidden = false;
  form.addEventListener("input", show);
  form.addEventListener("submit", (event) => event.preventDefault());
  show();
}
