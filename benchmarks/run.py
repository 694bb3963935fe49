"""lawdiff's benchmarks: how long the commands take on the shipped data and at scale, against the targets of issue 8.

    python benchmarks/run.py                      # everything, the 100× site included (about 35 minutes on 2 cores)
    python benchmarks/run.py --quick              # one run of each, scale 1 and 10 only
    python benchmarks/run.py --quick --skip scale # the shipped data and the word diff, once each (about a minute)
    python benchmarks/run.py --budget 0           # everything but the builds at 100× (about 10 minutes)

On the shipped data the site is built cold, again with nothing changed (no-op), after an edit of one proposal's
rationale (a sentence appended to biometric-aggravation) and after a change of the wording one of its items
proposes (a word of the new second paragraph of 第二百五十三条之一: the proposal's text, diffs and conflicts change);
then `lawdiff verify` and a whole-statute `lawdiff diff`. The drafting measures (issue 12) replay the training
material in one process: each of the 49 pairs of laws drafted from its earlier to its later version, the draft read
back and stored as AKN (as `import amendment` does) and applied (`amend`), per pair; and the SPC's decision amending
18 interpretations, read once and applied to each of its 16 targets. The search measures (issue 14) ask the
relevance set's Chinese queries of the built site in Chromium, on a cold page and on a warm one. The last table,
"Against the targets", gathers every target of the sections run with its figure and verdict.

Every measured command runs in a fresh process of its own, in a copy of the project in a temporary folder; its
wall time is taken around it (by a small timing process that starts it, so that its ``ru_maxrss`` does not
start from this script's) and its peak memory is the larger of the biggest single process (``RUSAGE_CHILDREN``'s
``ru_maxrss``) and the memory of its whole process tree sampled from /proc every 20 ms — each process's
proportional set size, so that the pages the build's forked processes share are counted once (a build runs a
process per law, render processes and Pagefind beside itself). Figures are medians over ``--repeat`` runs; peaks
are the largest seen.

The **floor** is what any build must at least do: a process that parses every statute XML under statutes/ with lxml
and writes as many files, of the same sizes, as the cold build wrote. Projects and sites live on /dev/shm (a RAM
disk) by default: on a virtual disk, write-back and discards made the same writes take 0.1 s or 2 s from one run
to the next.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SYNTHETIC = REPO / "benchmarks" / "synthetic.py"
LAWDIFF = [sys.executable, "-c", "import sys; from lawdiff.cli import main; sys.argv[0] = 'lawdiff'; main()"]
#: The environment of every measured command: lawdiff importable from this checkout, and Python's bytecode cache
#: on (a PYTHONDONTWRITEBYTECODE in the caller's environment would have every command compile lawdiff's modules
#: from source, about 0.15 s each time, which no installed lawdiff does).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
MB = 1024 * 1024

FLOOR = r"""
import json, sys
from pathlib import Path
from lxml import etree
statutes, sizes, out = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text()), Path(sys.argv[3])
for path in sorted(statutes.rglob("*.xml")):
    etree.parse(str(path))
out.mkdir()
for i, size in enumerate(sizes):
    (out / f"{i}.html").write_bytes(b"x" * size)
"""


# --- measuring a process ------------------------------------------------------------------------------------


@dataclass
class Run:
    """One command's wall time (s), peak memory (bytes) and what it printed."""

    seconds: float
    peak: int
    stdout: str
    stderr: str


#: Runs a command and reports its wall time and the largest resident set of its process tree (RUSAGE_CHILDREN).
#: A small process of its own, because a process's maxrss starts from that of the process it was forked from.
TIMER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - started
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
open(sys.argv[1], "w").write(json.dumps({"seconds": seconds, "maxrss": maxrss}))
sys.exit(code)
"""


def _memory(pid: int) -> int:
    """Return the memory a process takes: its proportional set size (each page it shares with other processes
    counted as its share: a build's forked processes share most of their pages), or, where /proc does not give
    that, its resident set."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Return the memory of a process's descendants (not the process itself), from /proc (see `_memory`)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):  # the process has just gone
            total += _memory(pid)
        todo += children.get(pid, [])
    return total


def measure(args: list[str], cwd: Path, check: bool = True) -> Run:
    """Run a command in a fresh process; return its wall time, peak memory and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as report:
        proc = subprocess.Popen([sys.executable, "-c", TIMER, report.name, *args], cwd=cwd, env=ENV, stdout=out,
                                stderr=err)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)
        timed = json.loads(Path(report.name).read_text())
        out.seek(0)
        err.seek(0)
        run = Run(timed["seconds"], max(peak, timed["maxrss"]), out.read().decode(), err.read().decode())
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[3:] if args[:3] == LAWDIFF else args)} failed ({proc.returncode}):\n"
                         f"{run.stderr[-2000:]}")
    return run


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak for r in runs), runs[-1].stdout, runs[-1].stderr)


def files_of(folder: Path) -> list[int]:
    """Return the sizes of every file under a folder."""
    return [p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()]


# --- the table ----------------------------------------------------------------------------------------------


class Table:
    """A Markdown table filled row by row; each row is also shown on stderr as it comes (unless ``quiet``)."""

    def __init__(self, title: str, columns: list[str], quiet: bool = False) -> None:
        self.title, self.columns, self.rows, self.quiet = title, columns, [], quiet
        self.notes: list[str] = []

    def add(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])
        if not self.quiet:
            print(f"  … {' | '.join(self.rows[-1])}", file=sys.stderr, flush=True)

    def render(self) -> str:
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) if self.rows else len(c)
                  for i, c in enumerate(self.columns)]
        line = "| " + " | ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)) + " |"
        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in self.rows]
        return "\n".join([f"### {self.title}", "", line, rule, *body, "", *(f"{n}\n" for n in self.notes)])


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else "met" if ok else "NOT met"


def targets_table() -> Table:
    """Return the empty summary every section adds its targets to: one row per target, figure and verdict."""
    return Table("Against the targets", ["target", "figure", "result"], quiet=True)  # its figures were shown


def rendered(run: Run) -> str:
    """Return " (N pages rendered)" from a rebuild's ``built … (N rendered, M unchanged)``, or nothing."""
    m = re.search(r"\((\d+) rendered", run.stdout)
    return f" ({m[1]} pages rendered)" if m else ""


# --- editing a proposal -------------------------------------------------------------------------------------

#: The proposal both rebuild measures edit, and the new paragraph whose wording the second one changes (in its
#: item 一, which restates 第二百五十三条之一): 人脸信息 becomes 人脸、指纹 / 人脸、声纹 / … — a different text at
#: every run, still a valid restatement of the article.
EDITED = "biometric-aggravation.md"
WORDING = re.compile(r"(?m)^“犯前款罪，涉及人脸(?:信息|、[^等，]+)等生物识别信息的")
BIOMETRICS = ("指纹", "声纹", "虹膜", "步态", "掌纹", "静脉")


def append_rationale(proposal: Path, number: int) -> None:
    """Append a sentence to the last rationale (en) of the proposal: its pages change, its text does not."""
    with proposal.open("a", encoding="utf-8") as fh:
        fh.write(f"\nA benchmark edit, number {number}.\n")


def reword(proposal: Path, number: int) -> None:
    """Change a word of the new text the proposal's item 一 proposes (in ## Changes only, not in its rationale)."""
    text = proposal.read_text(encoding="utf-8")
    head, marker, rest = text.partition("\n## Changes\n")
    changes, marker2, tail = rest.partition("\n## ")
    new, count = WORDING.subn(f"“犯前款罪，涉及人脸、{BIOMETRICS[number % len(BIOMETRICS)]}等生物识别信息的", changes)
    if count != 1:
        raise SystemExit(f"{proposal}: expected one “犯前款罪，涉及人脸信息等生物识别信息的” in ## Changes, found "
                         f"{count}: the benchmark's wording edit no longer fits the proposal")
    proposal.write_text(head + marker + new + marker2 + tail, encoding="utf-8")


# --- the shipped data ---------------------------------------------------------------------------------------


def shipped(repeat: int, work: Path, targets: Table) -> tuple[Table, dict[str, float]]:
    """Time build (cold, no-op, after editing a proposal's rationale, after changing its wording), verify and a
    full-statute diff on a copy of the project; add the build targets to ``targets``."""
    project = work / "shipped"
    shutil.copytree(REPO / "statutes", project / "statutes")
    shutil.copytree(REPO / "proposals", project / "proposals")
    table = Table("Shipped data (7 laws, 11 instruments, 5 proposals)",
                  ["measure", "wall s", "peak MB", "target", "result"])

    colds = []
    for i in range(repeat):
        colds.append(measure([*LAWDIFF, "build", "--out", f"cold-{i}"], project))
    cold = median(colds)
    site = project / f"cold-{repeat - 1}"
    sizes = files_of(site)
    for i in range(repeat - 1):
        shutil.rmtree(project / f"cold-{i}")

    noop = median([measure([*LAWDIFF, "build", "--out", site.name], project) for _ in range(repeat)])
    proposal = project / "proposals" / EDITED
    edits, rewords = [], []
    for i in range(repeat):
        append_rationale(proposal, i + 1)
        edits.append(measure([*LAWDIFF, "build", "--out", site.name], project))
    edit = median(edits)
    for i in range(repeat):
        reword(proposal, i)
        rewords.append(measure([*LAWDIFF, "build", "--out", site.name], project))
    reworded = median(rewords)
    # The reworded proposal must still apply: the last build accepted it, and `lawdiff apply` does too.
    applied = measure([*LAWDIFF, "apply", EDITED.removesuffix(".md")], project)
    if f"涉及人脸、{BIOMETRICS[(repeat - 1) % len(BIOMETRICS)]}等" not in applied.stdout:
        raise SystemExit(f"lawdiff apply {EDITED}: the reworded text is not in what it printed")

    verify = median([measure([*LAWDIFF, "verify"], project) for _ in range(repeat)])
    diff = median([measure([*LAWDIFF, "diff", "criminal-law@1997-10-01", "criminal-law@2021-03-01", "--format",
                            "json"], project) for _ in range(repeat)])

    (work / "sizes.json").write_text(json.dumps(sizes))
    floors = []
    for i in range(repeat):
        floors.append(measure([sys.executable, "-c", FLOOR, str(project / "statutes"), str(work / "sizes.json"),
                               str(work / f"floor-{i}")], project))
        shutil.rmtree(work / f"floor-{i}")
    floor = median(floors)

    pages = cold.stdout.split()[1] if cold.stdout.startswith("built") else "?"
    table.add(f"floor: parse {len(list((project / 'statutes').rglob('*.xml')))} XML files, write "
              f"{len(sizes)} files / {sum(sizes) / MB:.1f} MB", f"{floor.seconds:.2f}", f"{floor.peak / MB:.0f}", "",
              "")
    table.add(f"cold `lawdiff build` ({pages} pages, {len(sizes)} files)", f"{cold.seconds:.2f}",
              f"{cold.peak / MB:.0f}", f"≤ 3 × floor = {3 * floor.seconds:.2f} s",
              f"{cold.seconds / floor.seconds:.1f} × floor: {verdict(cold.seconds <= 3 * floor.seconds)}")
    targets.add("cold build ≤ 3 × floor", f"{cold.seconds:.2f} s against a {floor.seconds:.2f} s floor: "
                f"{cold.seconds / floor.seconds:.1f} ×", verdict(cold.seconds <= 3 * floor.seconds))
    rebuilds = [("no-op rebuild", noop, 0.05), ("rebuild after editing one proposal's rationale", edit, 0.15),
                ("rebuild after changing the wording of one proposal", reworded, 0.15)]
    for name, run, share in rebuilds:
        ok = verdict(run.seconds <= share * cold.seconds)
        table.add(name + rendered(run), f"{run.seconds:.2f}", f"{run.peak / MB:.0f}",
                  f"≤ {100 * share:.0f} % of cold = {share * cold.seconds:.2f} s",
                  f"{100 * run.seconds / cold.seconds:.1f} %: {ok}")
        targets.add(f"{name} ≤ {100 * share:.0f} % of cold", f"{run.seconds:.2f} s, "
                    f"{100 * run.seconds / cold.seconds:.1f} % of {cold.seconds:.2f} s", ok)
    table.add("`lawdiff verify`", f"{verify.seconds:.2f}", f"{verify.peak / MB:.0f}", "", "")
    table.add(f"`lawdiff diff criminal-law@1997-10-01 criminal-law@2021-03-01 --format json` "
              f"({len(diff.stdout.encode()) / 1024:.0f} KB)", f"{diff.seconds:.2f}", f"{diff.peak / MB:.0f}", "", "")
    return table, {"cold": cold.seconds, "floor": floor.seconds, "noop": noop.seconds, "edit": edit.seconds,
                   "reword": reworded.seconds}


# --- word diff against difflib ------------------------------------------------------------------------------


def best(repeat: int, func: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def word_diff_speed(repeat: int, pairs: list[tuple[str, str]], targets: Table) -> Table:
    """Time `lawdiff.diffing.diff.word_diff` on the whole text of two versions against difflib on the same texts;
    add the speed target of each pair to ``targets``."""
    from lawdiff.akn.blocks import article_blocks
    from lawdiff.diffing.diff import word_diff
    from lawdiff.diffing.segment import han_words, tokens
    from lawdiff.library import Library

    library = Library(REPO)
    tokens("载入结巴分词")  # jieba and the legal lexicon are loaded before timing

    def whole(ref: str) -> str:
        return "\n".join(block for a in library.resolve(ref).articles() for block in article_blocks(a))

    table = Table("Word-aware diff of the whole Criminal Law against difflib (one process; jieba loaded, its "
                  "segmentation cache emptied before each run)",
                  ["versions", "characters", "word_diff s", "difflib s", "ratio", "target", "result",
                   "word_diff s, words cached", "ratio, cached"])
    for old, new in pairs:
        a, b = whole(old), whole(new)
        # Words cut by jieba are cached: the cache is emptied before each run, so that each segments both texts.
        ours = best(repeat, lambda a=a, b=b: word_diff(a, b), han_words.cache_clear)
        warm = best(repeat, lambda a=a, b=b: word_diff(a, b))  # as within one `lawdiff build` or `diff`
        theirs = best(1, lambda a=a, b=b: difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
        table.add(f"{old} → {new}", f"{len(a):,} → {len(b):,}", f"{ours:.3f}", f"{theirs:.2f}",
                  f"{theirs / ours:.0f} ×", "≥ 100 × faster", verdict(theirs / ours >= 100), f"{warm:.3f}",
                  f"{theirs / warm:.0f} ×")
        targets.add(f"word diff {old} → {new} ≥ 100 × faster than difflib",
                    f"{theirs / ours:.0f} × ({theirs / warm:.0f} × with the words cached)",
                    verdict(theirs / ours >= 100))
    return table


# --- drafting: the 49 pairs and the SPC's decision -------------------------------------------------------------


def drafting(targets: Table) -> list[Table]:
    """Time the round trip of every pair of training/pairs (draft → import amendment → amend) and the replay of the
    SPC's 2020 decision on each of its 16 targets, in this process; report whether each reproduces the later text."""
    sys.path.insert(0, str(REPO / "tests"))
    import test_decisions as t  # the comparisons the tests make, and their reconstruction of the SPC's befores

    from lawdiff.amending.instrument import apply_instrument
    from lawdiff.errors import LawdiffError
    from lawdiff.importing.instructions import parse_instrument
    from lawdiff.importing.markdown import export_markdown, import_markdown

    t.draft_items(t._small("中华人民共和国某法", t.SMALL), t._small("中华人民共和国某法", t.SMALL.replace("丙", "壬")))
    # (jieba, which finds replaced terms, is loaded before timing)
    pairs = Table("The 49 pairs: draft → import amendment → amend → export, against after.md (one process)",
                  ["pair", "law", "articles", "items", "draft s", "read + AKN s", "amend s", "total s", "result"])
    reproduced = total = 0.0
    for directory in sorted(t.PAIRS.iterdir()):
        old, new = t.law(directory / "before.md"), t.law(directory / "after.md")
        started = time.perf_counter()
        draft = t.draft_instrument(old, new)
        drafted = time.perf_counter()
        instrument = parse_instrument(draft, "draft.md")
        root = t.instrument_to_akn(instrument, name="draft", amends="/akn/cn/act/2000-01-01/law")
        stored = t.instrument_from_akn(t.parse_xml(t.to_xml_bytes(root)).getroot(), "draft.xml")
        read = time.perf_counter()
        try:
            amended = apply_instrument(old, stored, "draft.xml", once=True)
            got = t.text_of_law(export_markdown(amended))
        except LawdiffError:  # a later text no instrument produces (see tests/test_decisions.py)
            got = ""
        done = time.perf_counter()
        ok = got == t.text_of_law((directory / "after.md").read_text("utf-8"))
        reproduced += ok
        total += done - started
        items = len(stored.items)
        pairs.add(directory.name, new.title.removeprefix("中华人民共和国")[:16],
                  f"{sum(1 for _ in old.articles())} → {sum(1 for _ in new.articles())}", items,
                  f"{drafted - started:.3f}", f"{read - drafted:.3f}", f"{done - read:.3f}", f"{done - started:.3f}",
                  "reproduced" if ok else f"differs: {t.IRREGULAR_PAIRS.get(directory.name, 'see the tests')[:60]}…")
    pairs.notes.append(f"{reproduced:.0f} of 49 reproduced; {total:.1f} s in all, {total / 49:.2f} s a pair.")
    targets.add("pairs reproduced by draft → amend (≥ 47 of 49)", f"{reproduced:.0f} of 49", verdict(reproduced >= 47))

    sections = Table("The SPC's decision amending 18 interpretations, applied to each of its 16 targets (one "
                     "process; the text before it derived from after.md, see tests/test_decisions.py)",
                     ["section", "articles", "operations", "amend s", "result"])
    started = time.perf_counter()
    decision = parse_instrument((t.SPC / "decision.md").read_text("utf-8"), "decision.md")
    read = time.perf_counter() - started
    replayed = 0
    spent = 0.0
    for name in t.SECTIONS:
        after_md = (t.SPC / name / "after.md").read_text("utf-8")
        after = import_markdown(after_md, path="after.md", name="after")
        section = decision.for_document(after.title)
        before = t._before_of(after, section)
        started = time.perf_counter()
        amended = apply_instrument(before, decision, "decision.md", once=True)
        spent += time.perf_counter() - started
        ok = t.text_of_law(export_markdown(amended)) == t.text_of_law(after_md)
        replayed += ok
        sections.add(name, sum(1 for _ in after.articles()), sum(len(i.operations) for i in section.items),
                     f"{time.perf_counter() - started:.3f}", "reproduced" if ok else "differs")
    sections.notes.append(f"{replayed} of 16 reproduced; reading the decision {read:.2f} s, applying it {spent:.2f} s "
                          f"in all ({spent / 16:.3f} s a section).")
    targets.add("SPC decision sections reproduced (≥ 15 of 16)", f"{replayed} of 16", verdict(replayed >= 15))
    return [pairs, sections]


# --- search ---------------------------------------------------------------------------------------------------

#: Chromium as the browser tests drive it (Debian's; see tests/browser/conftest.py).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def _served(site: Path) -> tuple[str, Callable[[], None]]:
    """Serve a built site on 127.0.0.1 (a free port) in a thread; return its root URL and how to stop it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
    return f"http://127.0.0.1:{server.server_address[1]}/", stop


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def search_latency(work: Path, targets: Table) -> Table:
    """Time the search page in Chromium over the relevance set's Chinese queries (tests/browser/search_queries.yaml),
    from the moment the query is asked to the moment its direct hits are shown and to the moment the ranked list is
    complete: on a cold page (a new browser context, nothing cached: the page, the directory and every index are
    fetched) and on a warm one (the same page, its indexes loaded, a new query typed)."""
    import yaml

    table = Table("Search in Chromium (the relevance set's Chinese queries, served from 127.0.0.1)",
                  ["measure", "queries", "median ms", "95th percentile ms"])
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        table.notes.append("Playwright is not installed: not measured (make install).")
        return table
    project = work / "search"
    shutil.copytree(REPO / "statutes", project / "statutes")
    shutil.copytree(REPO / "proposals", project / "proposals")
    measure([*LAWDIFF, "build", "--out", "site"], project)
    queries = [str(e["q"]) for e in yaml.safe_load((REPO / "tests/browser/search_queries.yaml").read_text("utf-8"))
               if e.get("lang", "zh") == "zh"]
    done = "#search-results[aria-busy=false]"
    first = "#search-results li.result, #search-status:not(:empty)"
    base, stop = _served(project / "site")
    cold_hits: list[float] = []
    cold_all: list[float] = []
    warm_all: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for query in queries:  # cold: a new context, an empty cache
                context = browser.new_context(base_url=base)
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"search.html?q={query}", wait_until="commit")
                page.wait_for_selector(first, timeout=30000)
                cold_hits.append(1000 * (time.perf_counter() - started))
                page.wait_for_selector(done, timeout=30000)
                cold_all.append(1000 * (time.perf_counter() - started))
                context.close()
            context = browser.new_context(base_url=base)
            page = context.new_page()
            page.goto("search.html?q=个人信息")
            page.wait_for_selector(done, timeout=30000)
            for query in queries:  # warm: the same page, a new query submitted
                page.fill("#q", query)
                started = time.perf_counter()
                page.press("#q", "Enter")
                page.wait_for_function("q => document.querySelector('#search-results').getAttribute('aria-busy') "
                                       "=== 'false' && document.querySelector('#search-status').textContent"
                                       ".includes(q)", arg=query, timeout=30000)
                warm_all.append(1000 * (time.perf_counter() - started))
            context.close()
            browser.close()
    finally:
        stop()
    for name, values in (("cold page: first results or status shown", cold_hits),
                         ("cold page: ranked list complete", cold_all),
                         ("warm page: ranked list complete", warm_all)):
        table.add(name, len(values), f"{statistics.median(values):.0f}", f"{_percentile(values, 0.95):.0f}")
    table.notes.append("A cold page fetches search.html, its scripts, the directory (about 300 KB) and each group's "
                       "Pagefind index; a warm one only the index chunks and fragments a new query needs.")
    warm = statistics.median(warm_all)
    targets.add("search: warm query answered (median) ≤ 300 ms", f"{warm:.0f} ms", verdict(warm <= 300))
    return table


# --- scale --------------------------------------------------------------------------------------------------


STAGES = ("import", "validate", "verify", "proposals", "build", "build --no-search")
BUILDS = {"build": [], "build --no-search": ["--no-search"]}
PER_PROVISION = ("import", "validate", "build")  # the cost the 1.25× target is about
GB = 1024 * MB


def _ram() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def scale(scales: list[int], seed: int, work: Path, build_at_100: bool, budget: float, targets: Table) -> list[Table]:
    """Generate synthetic corpora, run every stage on each, and report the cost per provision and peak memory; add
    the scale targets to ``targets``."""
    costs = Table("Scale: synthetic corpora (benchmarks/synthetic.py), µs per provision",
                  ["scale", "laws", "articles", "provisions", "generate s", *STAGES, "import+validate+build"])
    memory = Table("Scale: peak memory (MB) of each stage", ["scale", *STAGES])
    per: dict[int, float] = {}  # µs per provision of import + validate + build
    peaks: dict[int, dict[str, int]] = {}
    build: tuple[int, float, int, int] | None = None  # (provisions, seconds, peak, scale) of the last build run
    sizes: dict[int, int] = {}  # provisions at each scale
    for factor in scales:
        root = work / f"synthetic-{factor}"
        generated = measure([sys.executable, str(SYNTHETIC), "generate", "--scale", str(factor), "--seed", str(seed),
                             str(root)], REPO)
        counts = json.loads(generated.stdout)
        provisions = counts["provisions"]
        times: dict[str, float] = {}
        peaks[factor] = {}
        skipped = ""
        for stage in STAGES:
            if stage in BUILDS and build and factor >= 100 and not build_at_100:
                # Predicted linearly from the last build: run it only if it fits the time and memory at hand.
                seconds, peak = build[1] * provisions / build[0], build[2] * provisions / build[0]
                if seconds > budget or peak > _ram() / 2:
                    skipped = "not run"
                    note = (f"At {factor}× `{stage}` was not run: ≈ {seconds / 60:.0f} min and ≈ {peak / GB:.0f} GB "
                            f"predicted from the {build[3]}× build, over the budget ({budget / 60:.0f} min, half "
                            "the RAM); `--build-at-100` runs it.")
                    if note not in costs.notes:
                        costs.notes.append(note)
                    continue
            if stage in BUILDS:
                run = measure([*LAWDIFF, "build", *BUILDS[stage], "--out", str(root / "site"), "--root",
                               str(root / "project")], REPO)
                if stage == "build":
                    build = (provisions, run.seconds, run.peak, factor)
                shutil.rmtree(root / "site")
            else:
                run = measure([sys.executable, str(SYNTHETIC), stage, str(root)], REPO)
                result = json.loads(run.stdout)
                if result.get("disagreements") or result.get("error"):
                    raise SystemExit(f"scale {factor}: {stage} found problems: {result}")
                if stage == "verify":
                    costs.notes.append(f"verify at {factor}×: {result['checked']:,} changes replayed, "
                                       f"{result['agreeing']:,} agreeing, {result['undetermined']:,} undetermined "
                                       "(their earlier text is not in the corpus), 0 disagreements.")
            times[stage] = run.seconds
            peaks[factor][stage] = run.peak
        shutil.rmtree(root)
        total = sum(times.get(s, 0) for s in PER_PROVISION) / provisions * 1e6
        if all(s in times for s in PER_PROVISION):
            per[factor] = total
        sizes[factor] = provisions
        costs.add(f"{factor} ×", counts["laws"], f"{counts['articles']:,}", f"{provisions:,}",
                  f"{generated.seconds:.1f}",
                  *(f"{times[s] / provisions * 1e6:.0f}" if s in times else skipped for s in STAGES),
                  f"{total:.0f}" if factor in per else "(no build)")
        memory.add(f"{factor} ×", *(f"{peaks[factor][s] / MB:,.0f}" if s in times else "not run" for s in STAGES))
    for factor in scales[1:]:
        name = f"µs per provision (import + validate + build) at {factor}× within 1.25 × of 1×"
        if factor in per and 1 in per:
            ratio = per[factor] / per[1]
            targets.add(name, f"{per[factor]:.0f} / {per[1]:.0f} = {ratio:.2f} ×", verdict(ratio <= 1.25))
        else:
            targets.add(name, "not measured: the build was not run", "not measured")
    if 100 in peaks:
        worst = max(peaks[100], key=peaks[100].get)
        targets.add("peak memory at 100× under 1.5 GB (stages run)", f"{peaks[100][worst] / MB:,.0f} MB ({worst})",
                    verdict(peaks[100][worst] < 1.5 * GB))
        if "build" not in peaks[100] and build:
            targets.add("peak memory of the build at 100× under 1.5 GB",
                        f"not run; ≈ {build[2] * sizes[100] / build[0] / GB:.0f} GB by the {scales[-2]}× build "
                        f"({build[2] / MB:,.0f} MB)", verdict(None if build[2] < 1.5 * GB else False))
    return [costs, memory]


# --- the drafting workbench: previews as the scholar types ---------------------------------------------------


#: The ten articles of the ten-article preview: Art. 253-1 and the nine articles after it, each carrying penalties.
TEN_ARTICLES = ("253-1", "254", "255", "256", "257", "258", "259", "260", "260-1", "261")
#: What the scholar types, a character per preview, into one article after another.
TYPED = "情节特别恶劣的，处三年以上七年以下有期徒刑。"


def _percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def studio(previews: int, targets: Table) -> Table:
    """Time the workbench's preview (`lawdiff serve`'s /studio/api/preview) of Art. 253-1 and of ten articles: the
    workbench loaded once, as the serving process holds it; then ``previews`` previews, each after one more
    character typed into one article (the ten-article draft types into each article in turn), so that every
    preview drafts, diffs and checks a text it has not seen. Timed in the process and over HTTP on 127.0.0.1."""
    import http.client

    from lawdiff.site.serve import Studio, make_server

    work = Path(tempfile.mkdtemp(prefix="lawdiff-studio-"))
    try:
        shutil.copytree(REPO / "statutes", work / "statutes")
        shutil.copytree(REPO / "proposals", work / "proposals")
        bench = Studio(work, work / "_site", token="benchmark")
        started = time.perf_counter()
        bench.workbench.warm()
        warm = time.perf_counter() - started
        server = make_server(work / "_site", 0, studio=bench)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]

        def over_http(body: dict[str, object]) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("POST", "/studio/api/preview", json.dumps(body, ensure_ascii=False).encode(),
                               {"X-Lawdiff-Token": "benchmark", "Content-Type": "application/json"})
            response = connection.getresponse()
            if response.status != 200:
                raise SystemExit(f"preview failed: {response.status} {response.read()!r}")
            response.read()
            connection.close()

        table = Table(f"The drafting workbench: {previews} previews, one character typed before each (the workbench "
                      f"loaded in {warm:.1f} s first, as `lawdiff serve` does)",
                      ["draft", "in process: median", "p95", "over HTTP: median", "p95", "target", "result"])
        base = {key: bench.workbench.article("criminal-law", key)["text"] for key in TEN_ARTICLES}
        for name, keys in (("Art. 253-1", TEN_ARTICLES[:1]), ("ten articles (253-1 … 261)", TEN_ARTICLES)):
            texts = {key: base[key].replace("公民个人信息", "个人信息") for key in keys}
            timings: dict[str, list[float]] = {"process": [], "http": []}
            for n in range(2 * previews):
                key = keys[n % len(keys)]
                typed = TYPED[: (n // len(keys)) % len(TYPED) + 1]
                texts[key] = base[key].replace("公民个人信息", "个人信息") + typed
                body = {"base": "criminal-law", "changes": [{"article": k, "text": t} for k, t in texts.items()]}
                how = "process" if n % 2 == 0 else "http"
                started = time.perf_counter()
                if how == "process":
                    bench.view.preview(body)
                else:
                    over_http(body)
                timings[how].append(time.perf_counter() - started)
            process, http_ = (sorted(v) for v in (timings["process"], timings["http"]))
            median = statistics.median(http_) * 1000
            table.add(name, f"{statistics.median(process) * 1000:.0f} ms", f"{_percentile(process, .95) * 1000:.0f} ms",
                      f"{median:.0f} ms", f"{_percentile(http_, .95) * 1000:.0f} ms", "median < 100 ms",
                      verdict(median < 100))
            targets.add(f"workbench preview of {name}: median < 100 ms", f"{median:.0f} ms (p95 "
                        f"{_percentile(http_, .95) * 1000:.0f} ms) over HTTP", verdict(median < 100))
        server.shutdown()
        server.server_close()
        return table
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- main ---------------------------------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores · {memory:.0f} GB RAM · "
            f"{platform.system()} {platform.release()} · Python {platform.python_version()}")


SECTIONS = ("shipped", "diff", "drafting", "search", "studio", "scale")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="sections (for --skip):\n"
               "  shipped  build (cold, no-op, two rebuilds), verify and diff on a copy of the shipped project\n"
               "  diff     the word diff of the whole Criminal Law against difflib\n"
               "  drafting the 49 pairs drafted and replayed, the SPC's decision on its 16 targets\n"
               "  search   the search page in Chromium: time to results on a cold and a warm page\n"
               "  studio   the drafting workbench's preview: Art. 253-1 and ten articles, --previews each\n"
               "  scale    synthetic corpora from benchmarks/synthetic.py at each of --scales\n\n"
               "The tables are printed as Markdown on stdout when every section has run; progress goes to stderr.")
    parser.add_argument("--quick", action="store_true",
                        help="one run of each measure and scales 1,10 (unless --repeat or --scales say otherwise)")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help="runs per measure on the shipped data and the word diff: the median (the best for the "
                             "word diff) is printed (default: 3, or 1 with --quick)")
    parser.add_argument("--scales", metavar="LIST",
                        help="comma-separated synthetic corpus sizes, in multiples of the shipped Criminal Law "
                             "(default: 1,10,100, or 1,10 with --quick)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora (default: 1)")
    parser.add_argument("--previews", type=int, default=100, metavar="N",
                        help="previews timed in each case of the studio section, in the process and over HTTP "
                             "(default: 100)")
    parser.add_argument("--build-at-100", action="store_true",
                        help="build the site at 100× even when the build is predicted to exceed --budget or half "
                             "the RAM")
    parser.add_argument("--budget", type=float, default=900, metavar="SECONDS",
                        help="seconds a 100× build may be predicted (from the previous scale's) to take before it is "
                             "left out (default: 900; about 7 minutes each on 2 cores)")
    parser.add_argument("--skip", default="", metavar="SECTIONS",
                        help=f"comma-separated sections to leave out: {', '.join(SECTIONS)}")
    parser.add_argument("--tmp", default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None, metavar="DIR",
                        help="where the projects are copied and the sites written (default: /dev/shm, a RAM disk, "
                             "so that the disk's write-back does not time itself)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 3)
    scales = [int(s) for s in (args.scales or ("1,10" if args.quick else "1,10,100")).split(",")]
    skip = set(filter(None, args.skip.split(",")))
    if skip - set(SECTIONS):
        parser.error(f"--skip: unknown section {', '.join(sorted(skip - set(SECTIONS)))} "
                     f"(sections: {', '.join(SECTIONS)})")
    started = time.perf_counter()
    out = [f"lawdiff benchmarks — {machine()}", ""]
    out[0] += f" · work folder on {args.tmp or tempfile.gettempdir()}"
    with tempfile.TemporaryDirectory(prefix="lawdiff-bench-", dir=args.tmp) as tmp:
        work = Path(tmp)
        targets = targets_table()
        if "shipped" not in skip:
            table, _ = shipped(repeat, work, targets)
            out.append(table.render())
        if "diff" not in skip:
            out.append(word_diff_speed(repeat, [("criminal-law@1997-10-01", "criminal-law@2021-03-01"),
                                                ("criminal-law@2011-05-01", "criminal-law@2021-03-01")],
                                       targets).render())
        if "drafting" not in skip:
            out += [table.render() for table in drafting(targets)]
        if "search" not in skip:
            out.append(search_latency(work, targets).render())
        if "studio" not in skip:
            out.append(studio(args.previews, targets).render())
        if "scale" not in skip:
            out += [table.render() for table in scale(scales, args.seed, work, args.build_at_100, args.budget,
                                                      targets)]
        if targets.rows:
            out.append(targets.render())
    out.append(f"total benchmark time: {time.perf_counter() - started:.0f} s")
    print("\n".join(out))


if __name__ == "__main__":
    main()
