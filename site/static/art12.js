// The Art. 12 form of an article page (partials/art12.html): for an act date and a judgment date, which version
// of the article applies. Nothing is decided here: every answer was computed at build time by lawdiff.applicable
// for each pair of versions (the data in the page); this script only finds the versions in force on the two
// dates and shows the stored answer. Without JavaScript the form stays hidden and the worked example remains.
for (const form of document.querySelectorAll("form.art12-form")) {
  const section = form.closest("section");
  const data = JSON.parse(section.querySelector("script.art12-data").textContent);
  const act = form.elements.act;
  const judgment = form.elements.judgment;
  const result = form.querySelector(".art12-result");

  // index of the version in force on an ISO date; -1 before the first
  function versionOn(date) {
    for (let i = data.starts.length - 1; i >= 0; i--) {
      if (data.starts[i] <= date) return i;
    }
    return -1;
  }

  function show() {
    result.replaceChildren();
    if (!act.value || !judgment.value) return;
    if (judgment.value < act.value) { result.textContent = form.dataset.msgOrder; return; }
    const decision = data.decisions[`${versionOn(act.value)},${versionOn(judgment.value)}`];
    if (!decision) return;
    const outcome = document.createElement("strong");
    outcome.textContent = form.dataset["msg" + decision.outcome[0].toUpperCase() + decision.outcome.slice(1)];
    result.append(outcome);
    if (decision.version !== null) {
      const link = document.createElement("a");
      link.href = "#" + data.anchors[decision.version];
      link.textContent = data.names[decision.version];
      result.append(" · ", link);
    }
    if (decision.penalties) result.append(document.createElement("br"), decision.penalties);
  }

  form.hidden = false;
  form.addEventListener("input", show);
  form.addEventListener("submit", (event) => event.preventDefault());
  show();
}
