// The side-by-side ⇄ inline switch of comparisons (partials/view_toggle.html). The switching itself is CSS
// (radio buttons and :has), so it works without JavaScript; this script marks the choice on <html> for browsers
// without :has, and remembers it in this browser (localStorage; nothing is sent anywhere) for the next page.
const KEY = "lawdiff-diff-view";
const radios = [...document.querySelectorAll('input[name="diff-view"]')];

function apply(view) {
  document.documentElement.dataset.diffView = view;
  for (const radio of radios) radio.checked = radio.value === view;
}

let saved = null;
try { saved = localStorage.getItem(KEY); } catch { /* storage may be disabled */ }
if (saved === "side" || saved === "inline") apply(saved);
for (const radio of radios) {
  radio.addEventListener("change", () => {
    if (!radio.checked) return;
    apply(radio.value);
    try { localStorage.setItem(KEY, radio.value); } catch { /* not remembered, still switched */ }
  });
}

// Beside a long rationale, a proposal's diffs stay in view while it is read — where they fit on the screen
// (a taller block would hide its own end). Measured again when the view or the window changes.
const changes = [...document.querySelectorAll(".item-changes")];

function stick() {
  for (const block of changes) {
    block.classList.remove("sticky");
    block.classList.toggle("sticky", block.offsetHeight < window.innerHeight - 16);
  }
}

if (changes.length) {
  stick();
  window.addEventListener("resize", stick);
  for (const radio of radios) radio.addEventListener("change", stick);
}
