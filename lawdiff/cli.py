"""The `lawdiff` command line: thin typer commands over the library.

Each command loads its input, calls one library function and prints the result; a `LawdiffError`
becomes a one-line message on stderr and exit status 1 — never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from lawdiff.errors import LawdiffError, OutputError

app = typer.Typer(help="lawdiff — statutes as Akoma Ntoso, their amendments, and what they change.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
import_app = typer.Typer(help="Import national-database Markdown into Akoma Ntoso XML.", no_args_is_help=True)
app.add_typer(import_app, name="import")

F = TypeVar("F", bound=Callable[..., Any])

RootOption = Annotated[Path, typer.Option("--root", help="Project folder holding statutes/ and proposals/.")]


def fail(message: str) -> None:
    """Print one error line to stderr and exit with status 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def reports_errors(func: F) -> F:
    """Turn a LawdiffError raised by a command into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LawdiffError as exc:
            fail(exc.format())
        except KeyboardInterrupt:
            fail("interrupted; nothing was written")

    return wrapper  # type: ignore[return-value]


def _check_output(out: Path, *inputs: Path) -> None:
    for src in inputs:
        if src.exists() and out.exists() and out.resolve() == src.resolve():
            raise OutputError(f"refusing to overwrite the input {src} (choose another -o)", path=str(out))


def _check_reference_output(out: Path, root: Path, *refs: str) -> None:
    """Refuse an output that is one of the inputs: a file named as a reference, or any file of the library's
    statutes/ (references such as criminal-law@2015-11-01 are read from there)."""
    _check_output(out, *(Path(r) for r in refs if Path(r).suffix in (".xml", ".md")))
    statutes = (root / "statutes").resolve()
    if out.resolve().is_relative_to(statutes):
        raise OutputError("refusing to write into statutes/: the texts are read from there (choose another -o)",
                          path=str(out))


def _echo(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
@reports_errors
def build(out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("_site"),
          no_search: Annotated[bool, typer.Option("--no-search", help="Skip the search index (Pagefind).")] = False,
          full: Annotated[bool, typer.Option("--full", help="Render every page again, ignoring the previous site.")]
          = False,
          jobs: Annotated[int | None, typer.Option("--jobs", help="Processes for rendering (default: all cores).")]
          = None,
          root: RootOption = Path(".")) -> None:
    """Build the static site from statutes/ (and proposals/) into _site/."""
    from lawdiff.site.state import unchanged_site

    stats = None if full else unchanged_site(root, out, not no_search)  # answered without loading the builder
    if stats is None:
        stats = _build_site(root, out, search=not no_search, jobs=jobs, incremental=not full)
    reused = getattr(stats, "reused", 0)
    note = f" ({stats.rendered} rendered, {reused} unchanged)" if reused else ""
    typer.echo(f"built {int(stats)} pages into {out}{note}")


def _build_site(root: Path, out: Path, **options: Any) -> Any:
    from lawdiff.site.builder import build as build_site

    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress and (done == total or done % 50 == 0):
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
            if done == total:
                sys.stderr.write("\n")

    return build_site(root, out, progress, **options)


@app.command()
@reports_errors
def serve(port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8000,
          out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("_site"),
          no_search: Annotated[bool, typer.Option("--no-search", help="Skip the search index.")] = False,
          root: RootOption = Path(".")) -> None:
    """Serve the site on localhost and rebuild it when statutes/, proposals/ or site/ change."""
    import threading

    from lawdiff.site.builder import build as build_site
    from lawdiff.site.serve import make_server, watch

    count = build_site(root, out, None, search=not no_search)
    server = make_server(out, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, out, stop, typer.echo), kwargs={"search": not no_search},
                               daemon=True)
    watcher.start()
    typer.echo(f"built {count} pages; serving {out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


@app.command()
@reports_errors
def validate(paths: Annotated[list[Path] | None, typer.Argument(help="XML or Markdown files (default: "
                                                                "every statute under statutes/).")] = None,
             root: RootOption = Path(".")) -> None:
    """Check statutes against the AKN schema and lawdiff's rules; print file:line findings."""
    from lawdiff.validate import validate_path

    files = paths or sorted((root / "statutes").rglob("*.xml"))
    if not files:
        raise LawdiffError("nothing to validate (no XML under statutes/)", path=str(root))
    errors = warnings = 0
    for path in files:
        try:
            findings = validate_path(path)
        except LawdiffError as exc:
            typer.echo(f"{exc.format()}")
            errors += 1
            continue
        for finding in findings:
            typer.echo(str(finding))
            errors += finding.severity == "error"
            warnings += finding.severity == "warning"
    typer.echo(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    if errors:
        raise typer.Exit(1)


@app.command()
@reports_errors
def show(article: Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")],
         law: Annotated[str, typer.Option("--law", help="Law name (see statutes/).")] = "criminal-law",
         at: Annotated[str | None, typer.Option("--at", help="Show the text in force on this date (YYYY-MM-DD).")]
         = None,
         lang: Annotated[str, typer.Option("--lang", help="zh (authoritative) or en (unofficial translation).")]
         = "zh",
         root: RootOption = Path(".")) -> None:
    """Print an article as the national database does (optionally as in force on a date, or in English)."""
    from lawdiff.importing.markdown import article_blocks
    from lawdiff.library import Library

    library = Library(root)
    if lang not in ("zh", "en"):
        raise LawdiffError(f"unknown language {lang!r} (expected zh or en)")
    if lang == "en":
        from lawdiff.importing.translations import english_article

        _echo("\n\n".join(english_article(library, law, article, _date(at) if at else None)))
        return
    if at is None:
        _echo("\n\n".join(article_blocks(library.current(law).article(article))))
        return
    from lawdiff.rendering.history import text_at

    _echo(text_at(library, law, article, _date(at)))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LawdiffError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


@app.command()
@reports_errors
def history(article: Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")],
            law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
            root: RootOption = Path(".")) -> None:
    """List every version of an article: dates in force, instrument and item."""
    from lawdiff.library import Library
    from lawdiff.rendering.history import history_lines

    _echo("\n".join(history_lines(Library(root), law, article)))


@app.command()
@reports_errors
def blame(article: Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")],
          law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
          root: RootOption = Path(".")) -> None:
    """Show which instrument and item introduced each paragraph and point of an article."""
    from lawdiff.library import Library
    from lawdiff.rendering.history import blame_lines

    _echo("\n".join(blame_lines(Library(root), law, article)))


@app.command()
@reports_errors
def verify(law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
           root: RootOption = Path(".")) -> None:
    """Replay every amending instrument and check agreement with the consolidated text."""
    from lawdiff.library import Library
    from lawdiff.rendering.history import verify_lines

    lines, ok = verify_lines(Library(root), law)
    _echo("\n".join(lines))
    if not ok:
        raise typer.Exit(1)


@app.command()
@reports_errors
def diff(old: Annotated[str, typer.Argument(help="Reference or file: criminal-law@2009-02-28, proposal:ID, x.xml.")],
         new: Annotated[str, typer.Argument(help="Reference or file of the later text.")],
         fmt: Annotated[str, typer.Option("--format", help="terminal, html or json.")] = "terminal",
         side_by_side: Annotated[bool, typer.Option("--side-by-side", help="Two columns (terminal).")] = False,
         only: Annotated[list[str] | None, typer.Option("--only", help="Limit to these articles (repeatable).")]
         = None,
         penalties: Annotated[bool, typer.Option("--penalties", help="Compare the penalties of each changed "
                                                 "article instead.")] = False,
         width: Annotated[int | None, typer.Option("--width", help="Terminal width (default: detected).")] = None,
         color: Annotated[bool | None, typer.Option("--color/--no-color", help="Colour (default: on a terminal).")]
         = None,
         out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to a file instead of stdout.")] = None,
         root: RootOption = Path(".")) -> None:
    """Show what changed between two texts: structure first, then word by word."""
    from lawdiff.akn.model import write_atomic
    from lawdiff.diffing.diff import diff_statutes
    from lawdiff.library import Library
    from lawdiff.rendering.changes import render_html, render_json, render_terminal

    if fmt not in ("terminal", "html", "json"):
        raise LawdiffError(f"unknown format {fmt!r} (expected terminal, html or json)")
    if out is not None:
        _check_reference_output(out, root, old, new)
    library = Library(root)
    a, b = library.resolve(old), library.resolve(new)
    keys = [_article_key(k) for k in only] if only else None
    if penalties:
        from lawdiff.analysis.penalties import compare, format_table

        changes = diff_statutes(a, b, keys)
        rows = [compare(_article_or_none(a, c.old_eid), _article_or_none(b, c.new_eid))
                for c in changes.articles if c.kind != "unchanged"]
        text = format_table(rows)
    else:
        changes = diff_statutes(a, b, keys)
        changes.old, changes.new = old, new  # name the texts as the user did
        if fmt == "html":
            text = render_html(changes, f"{old} → {new}")
        elif fmt == "json":
            text = render_json(changes)
        else:
            use_color = sys.stdout.isatty() and out is None if color is None else color
            text = render_terminal(changes, color=use_color, side_by_side=side_by_side, width=width)
    if out is None:
        _echo(text)
    else:
        write_atomic(out, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
        typer.echo(f"wrote {out}")


def _article_key(value: str) -> str:
    from lawdiff.akn.numbering import ArticleNumber

    return ArticleNumber.parse(value).key


def _article_or_none(statute: Any, eid: str | None) -> Any:
    from lawdiff.akn.model import Provision

    el = statute.find(eid) if eid else None
    return Provision(el) if el is not None else None


@app.command()
@reports_errors
def refs(article: Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")],
         law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
         root: RootOption = Path(".")) -> None:
    """List the references an article makes (outgoing) and those made to it (incoming), resolved to eIds."""
    from lawdiff.akn.numbering import ArticleNumber, provision_label
    from lawdiff.analysis.refs import incoming, outgoing
    from lawdiff.library import Library

    library = Library(root)
    statute = library.current(law)
    eid = statute.article(article).eid
    others = [s for s in library.statutes() if s.name != law]

    def where(ref: Any) -> str:
        targets = "、".join(provision_label(t) if t.startswith("art_") else t for t in ref.targets)
        if ref.law and ref.law != law:
            targets = f"{ref.law} {targets}".strip()
        return targets or "(unresolved)"

    out = [f"{ArticleNumber.parse(article).label}: references made"]
    for ref in outgoing(statute, eid, others):
        out.append(f"  {provision_label(ref.source)}: “{ref.words}” → {where(ref)}")
    out.append("references to it")
    for ref in incoming(statute, eid, others):
        source = provision_label(ref.source) if ref.source.startswith("art_") else ref.source
        prefix = "" if ref.origin == law else f"{ref.origin} "
        out.append(f"  {prefix}{source}: “{ref.words}”")
    _echo("\n".join(out))


@app.command()
@reports_errors
def applicable(article: Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")],
               act_date: Annotated[str, typer.Option("--act-date", help="Date of the act (YYYY-MM-DD).")],
               judgment_date: Annotated[str, typer.Option("--judgment-date", help="Date of judgment.")],
               law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
               root: RootOption = Path(".")) -> None:
    """Explain which version of an article applies under Criminal Law Art. 12 (从旧兼从轻)."""
    from lawdiff.analysis.applicable import applicable as decide
    from lawdiff.library import Library

    _echo(decide(Library(root), law, article, _date(act_date), _date(judgment_date)).explain())


@app.command()
@reports_errors
def charges(article: Annotated[str | None, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一 (default: "
                                                            "every article).")] = None,
            at: Annotated[str | None, typer.Option("--at", help="The names in force on this date (YYYY-MM-DD).")]
            = None,
            paragraph: Annotated[int | None, typer.Option("--paragraph", help="Only this paragraph of the article.")]
            = None,
            law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
            root: RootOption = Path(".")) -> None:
    """List the charge names (罪名) of an article or of the whole law: current and earlier, or on a date."""
    from lawdiff.analysis.charges import report
    from lawdiff.library import Library

    _echo(report(Library(root), law, article, _date(at) if at else None, paragraph))


@app.command()
@reports_errors
def draft(old: Annotated[str, typer.Argument(help="Reference or file of the earlier text (e.g. "
                                             "criminal-law@2009-02-28).")],
          new: Annotated[str, typer.Argument(help="Reference or file of the later text.")],
          out: Annotated[Path | None, typer.Option("-o", "--out", help="Write a complete instrument (Markdown).")]
          = None,
          title: Annotated[str | None, typer.Option("--title", help="Title of the drafted instrument.")] = None,
          root: RootOption = Path(".")) -> None:
    """Write the amending instructions that turn one text into another, in the NPC's drafting style."""
    from lawdiff.akn.model import write_atomic
    from lawdiff.diffing.drafting import draft_instrument
    from lawdiff.library import Library

    if out is not None:
        _check_reference_output(out, root, old, new)
    library = Library(root)
    text = draft_instrument(library.resolve(old), library.resolve(new), title=title)
    if out is None:
        _echo(text.split("<!-- INFO END -->\n\n", 1)[1])
        return
    write_atomic(out, text.encode("utf-8"))
    typer.echo(f"wrote {out}")


@app.command("export-table")
@reports_errors
def export_table(old: Annotated[str, typer.Argument(help="Reference or file of the earlier text.")],
                 new: Annotated[str, typer.Argument(help="Reference or file of the later text (proposal:ID fills "
                                                    "the 说明 column from its rationale).")],
                 out: Annotated[Path, typer.Option("-o", "--out", help="File to write.")],
                 fmt: Annotated[str, typer.Option("--format", help="html, docx or md.")] = "html",
                 title: Annotated[str | None, typer.Option("--title", help="Title above the table.")] = None,
                 root: RootOption = Path(".")) -> None:
    """Write the 修改前后对照表 (before/after comparison table) of two texts."""
    from lawdiff.akn.model import write_atomic
    from lawdiff.library import Library
    from lawdiff.rendering.table import comparison_rows, table_docx, table_html, table_markdown

    if fmt not in ("html", "docx", "md"):
        raise LawdiffError(f"unknown format {fmt!r} (expected html, docx or md)")
    _check_reference_output(out, root, old, new)
    library = Library(root)
    a, b = library.resolve(old), library.resolve(new)
    notes = _proposal_notes(library, new)
    rows = comparison_rows(a, b, notes)
    title = title or f"{b.title}修改前后对照表"
    if fmt == "docx":
        table_docx(rows, title, out)
    else:
        text = table_html(rows, title) if fmt == "html" else table_markdown(rows, title)
        write_atomic(out, text.encode("utf-8"))
    typer.echo(f"wrote {out}: {len(rows)} changed article(s)")


def _proposal_notes(library: Any, ref: str) -> dict[str, str]:
    """Return the 说明 for each article a proposal changes (its rationale), or nothing for other references."""
    if not ref.startswith("proposal:"):
        return {}
    from lawdiff.amending.proposals import rationale_notes

    return rationale_notes(library, ref.split(":", 1)[1])


new_app = typer.Typer(help="Start a new document from a commented template.", no_args_is_help=True)
app.add_typer(new_app, name="new")


def _proposal(root: Path, ref: str) -> Any:
    """Return the proposal named by a path or by its id in proposals/."""
    from lawdiff.amending.proposals import load_proposal

    path = Path(ref)
    if path.suffix == ".md" and path.exists():
        return load_proposal(path)
    return load_proposal(_proposal_path(root, ref.removeprefix("proposal:")))


def _proposal_path(root: Path, proposal_id: str) -> Path:
    path = root / "proposals" / f"{proposal_id}.md"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in (root / "proposals").glob("*.md"))) or "none"
        raise LawdiffError(f"no proposal {proposal_id!r} (known: {known})", path=str(root / "proposals"))
    return path


def _refuse_proposals_folder(root: Path, out: Path) -> None:
    folder = (root / "proposals").resolve()
    if out.resolve().is_relative_to(folder):
        raise OutputError("refusing to write into proposals/: only `lawdiff new proposal` writes there", path=str(out))


@app.command()
@reports_errors
def apply(proposals: Annotated[list[str], typer.Argument(help="Proposal ids (proposals/ID.md) or files, applied in "
                                                          "order.")],
          onto: Annotated[str | None, typer.Option("--onto", help="Apply onto this version instead of the first "
                                                   "proposal's base (e.g. criminal-law@2015-11-01).")] = None,
          out: Annotated[Path | None, typer.Option("-o", "--out", help="Write the resulting statute (AKN XML).")]
          = None,
          root: RootOption = Path(".")) -> None:
    """Apply one or more proposals to their base or another version; report conflicts, write nothing partial."""
    from lawdiff.amending.proposals import RebaseConflict, drafting_base, rebase, term_impact
    from lawdiff.importing.markdown import article_blocks
    from lawdiff.library import Library

    library = Library(root)
    loaded = [_proposal(root, ref) for ref in proposals]
    if out is not None:
        _check_output(out, *(Path(p.path) for p in loaded))
        _check_reference_output(out, root, *([onto] if onto else []))
        _refuse_proposals_folder(root, out)
    result = library.resolve(onto) if onto else drafting_base(loaded[0], library)
    for p in loaded:
        try:
            result = rebase(p, result, drafting_base(p, library))
        except RebaseConflict as exc:
            for c in exc.conflicts:
                typer.echo(f"conflict: {c.format()}", err=True)
                typer.echo(f"  expected: {c.expected or '(nothing)'}", err=True)
                typer.echo(f"  found:    {c.found or '(nothing)'}", err=True)
            fail(f"{len(exc.conflicts)} conflict(s) applying {p.id}; nothing was written")
    if out is not None:
        result.save(out)
        typer.echo(f"wrote {out}")
    from lawdiff.analysis.refs import dangling_after

    for warning in dangling_after(library.resolve(onto) if onto else drafting_base(loaded[0], library), result):
        typer.echo(f"warning: {warning.message}", err=True)
    touched = dict.fromkeys(op.new_article if op.kind == "insert_article" else op.article
                            for p in loaded for item in p.items for op in item.operations)
    for key in touched:
        if key:
            typer.echo("\n\n".join(article_blocks(result.article(key))) + "\n")
    for p in loaded:
        for item in p.items:
            for op in item.operations:
                if op.kind != "replace_term" or not op.old_term:
                    continue
                found = term_impact(op.old_term, library, exclude={(loaded[0].law, f"art_{op.article}")})
                typer.echo(f"“{op.old_term}” also occurs in {len(found)} other place(s):")
                for occ in found:
                    typer.echo(f"  {occ.law} {occ.label}: {occ.snippet}")


@app.command()
@reports_errors
def conflicts(proposals: Annotated[list[str] | None, typer.Argument(help="Proposal ids or files (default: all in "
                                                                    "proposals/).")] = None,
              root: RootOption = Path(".")) -> None:
    """Print which proposals touch the same provisions and whether they compose cleanly in either order."""
    from lawdiff.amending.proposals import conflict_matrix, drafting_base, format_matrix
    from lawdiff.library import Library

    refs = proposals or sorted(p.stem for p in (root / "proposals").glob("*.md"))
    loaded = [_proposal(root, ref) for ref in refs]
    if len(loaded) < 2:
        raise LawdiffError("conflicts needs at least two proposals")
    _echo(format_matrix(conflict_matrix(loaded, drafting_base(loaded[0], Library(root)))))


@app.command("compile")
@reports_errors
def compile_(proposal: Annotated[str, typer.Argument(help="Proposal id or file.")],
             out: Annotated[Path, typer.Option("-o", "--out", help="AKN amendment document to write.")],
             root: RootOption = Path(".")) -> None:
    """Compile a proposal into an AKN amendment document with its rationale and text patches."""
    from lawdiff.akn.model import to_xml_bytes, write_atomic
    from lawdiff.amending.proposals import compile_proposal, drafting_base
    from lawdiff.library import Library

    p = _proposal(root, proposal)
    _check_output(out, Path(p.path))
    _refuse_proposals_folder(root, out)
    write_atomic(out, to_xml_bytes(compile_proposal(p, drafting_base(p, Library(root)))))
    typer.echo(f"wrote {out}")


@new_app.command("proposal")
@reports_errors
def new_proposal(proposal_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new proposal "
                                                              "(lowercase words joined by -).")],
                 root: RootOption = Path(".")) -> None:
    """Write a commented proposal template to proposals/ID.md (never overwriting a file)."""
    from lawdiff.akn.model import write_atomic
    from lawdiff.amending.proposals import new_proposal_template

    path = root / "proposals" / f"{proposal_id}.md"
    if path.exists():
        raise OutputError("already exists; choose another id", path=str(path))
    write_atomic(path, new_proposal_template(proposal_id).encode("utf-8"))
    typer.echo(f"wrote {path}")


@app.command()
@reports_errors
def amend(base: Annotated[Path, typer.Argument(help="AKN XML of the statute to amend.")],
          instrument: Annotated[Path, typer.Argument(help="Amending instrument: AKN XML or national-database "
                                                       "Markdown.")],
          out: Annotated[Path, typer.Option("-o", "--out", help="AKN XML file to write.")]) -> None:
    """Apply an amending instrument to a statute; write the amended statute."""
    from lawdiff.akn.model import Statute
    from lawdiff.amending.operations import apply_instrument
    from lawdiff.importing.instrument_xml import read_instrument

    _check_output(out, base, instrument)
    amended = apply_instrument(Statute.load(base), read_instrument(instrument), str(instrument))
    amended.save(out)
    typer.echo(f"wrote {out}")


@import_app.command("law")
@reports_errors
def import_law(src: Annotated[Path, typer.Argument(help="National-database Markdown file.")],
               out: Annotated[Path, typer.Option("-o", "--out", help="AKN XML file to write.")],
               name: Annotated[str | None, typer.Option("--name", help="Work name (default: file name).")] = None,
               ) -> None:
    """Import a law in national-database Markdown into AKN 3.0 XML."""
    from lawdiff.akn.model import assert_valid
    from lawdiff.importing.markdown import import_markdown

    _check_output(out, src)
    try:
        text = src.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LawdiffError(f"cannot read: {exc}", path=str(src)) from None
    statute = import_markdown(text, path=str(src), name=name or src.stem)
    assert_valid(statute.root, str(src))
    statute.save(out)
    typer.echo(f"wrote {out}: {sum(1 for _ in statute.articles())} articles")


@import_app.command("amendment")
@reports_errors
def import_amendment(src: Annotated[Path, typer.Argument(help="Amending instrument in national-database Markdown.")],
                     out: Annotated[Path, typer.Option("-o", "--out", help="AKN XML file to write.")],
                     amends: Annotated[str, typer.Option("--amends", help="FRBR work URI of the amended law.")]
                     = "/akn/cn/act/1979-07-01/criminal-law",
                     name: Annotated[str | None, typer.Option("--name", help="Work name (default: file name).")]
                     = None) -> None:
    """Read an amending instrument's instructions into AKN with one textualMod per operation."""
    from lawdiff.importing.instrument_xml import read_instrument, save_instrument

    _check_output(out, src)
    instrument = read_instrument(src)
    save_instrument(instrument, out, name=name or src.stem, amends=amends)
    ops = sum(len(item.operations) for item in instrument.items)
    typer.echo(f"wrote {out}: {len(instrument.items)} items, {ops} operations")


@app.command()
@reports_errors
def export(src: Annotated[Path, typer.Argument(help="AKN XML file.")],
           out: Annotated[Path, typer.Option("-o", "--out", help="File to write.")],
           fmt: Annotated[str, typer.Option("--format", help="markdown (national-database format).")] = "markdown",
           ) -> None:
    """Export an AKN statute back to national-database Markdown."""
    from lawdiff.akn.model import Statute, write_atomic
    from lawdiff.importing.markdown import export_markdown

    if fmt != "markdown":
        raise LawdiffError(f"unknown format {fmt!r} (expected: markdown)")
    _check_output(out, src)
    write_atomic(out, export_markdown(Statute.load(src)).encode("utf-8"))
    typer.echo(f"wrote {out}")


@app.command()
@reports_errors
def regenerate(root: RootOption = Path("."),
               corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus folder (default: "
                                                           "../shared/corpus).")] = None) -> None:
    """Re-import every shipped statute in statutes/ from the corpus (deterministic)."""
    from lawdiff.catalog import regenerate as regen

    for path in regen(root / "statutes", corpus):
        typer.echo(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")


def main() -> None:
    app()
