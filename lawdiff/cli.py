"""The `lawdiff` command line: thin typer commands over the library.

Each command opens the project (`Library`), calls one library function and prints what it returns; a
`LawdiffError` becomes a one-line message on stderr and exit status 1 — never a traceback. Modules are imported
inside the commands, so that a command loads only what it uses (``lawdiff build`` on an unchanged site answers
from `lawdiff.site.state` alone).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from lawdiff.errors import LawdiffError, OutputError

if TYPE_CHECKING:
    from lawdiff.library import Library

app = typer.Typer(help="lawdiff — statutes as Akoma Ntoso, their amendments, and what they change.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
import_app = typer.Typer(help="Import national-database Markdown into Akoma Ntoso XML.", no_args_is_help=True)
app.add_typer(import_app, name="import")
new_app = typer.Typer(help="Start a new document from a commented template.", no_args_is_help=True)
app.add_typer(new_app, name="new")

F = TypeVar("F", bound=Callable[..., Any])

RootOption = Annotated[Path, typer.Option("--root", help="Project folder holding statutes/ and proposals/.")]
ArticleArgument = Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")]
LawOption = Annotated[str, typer.Option("--law", help="Law name (see statutes/).")]


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
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug, not the user's input: one line all the same (LAWDIFF_DEBUG=1 shows it)
            if os.environ.get("LAWDIFF_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (a bug in lawdiff: please report it with the "
                 "command that caused it; LAWDIFF_DEBUG=1 shows where)")

    return wrapper  # type: ignore[return-value]


def _guard(out: Path, root: Path, *inputs: str | Path) -> None:
    """Refuse an output that would overwrite an input (a file named as an input or a reference) or write into the
    statutes/ or proposals/ of the project (``root``) or of the folder lawdiff runs in."""
    from lawdiff.files import check_output

    files = [Path(i) for i in inputs if isinstance(i, Path) or Path(i).suffix in (".xml", ".md")]
    check_output(out, inputs=files, projects=dict.fromkeys([root, Path(".")]))


def _echo(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _write(out: Path, text: str) -> None:
    from lawdiff.files import write_atomic

    write_atomic(out, text.encode("utf-8"))


def _date(value: str) -> dt.date:
    from lawdiff.dates import iso_date

    return iso_date(value)


def _library(root: Path) -> Library:
    from lawdiff.library import Library

    return Library(root)


# --- the site -----------------------------------------------------------------------------------


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
        from lawdiff.site.builder import build as build_site
        from lawdiff.site.progress import terminal_progress

        with terminal_progress() as progress:
            stats = build_site(root, out, progress, search=not no_search, jobs=jobs, incremental=not full)
    for warning in stats.warnings:
        typer.echo(warning, err=True)
    note = f" ({stats.rendered} rendered, {stats.reused} unchanged)" if stats.reused else ""
    typer.echo(f"built {int(stats)} pages into {out}{note}")


@app.command()
@reports_errors
def serve(port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8000,
          out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("_site"),
          no_search: Annotated[bool, typer.Option("--no-search", help="Skip the search index.")] = False,
          root: RootOption = Path(".")) -> None:
    """Serve the site on localhost and rebuild it when statutes/, proposals/ or site/ change."""
    from lawdiff.site.serve import serve as serve_site

    serve_site(root, out, port, search=not no_search, report=typer.echo)


# --- statutes and their history -------------------------------------------------------------------


@app.command()
@reports_errors
def validate(paths: Annotated[list[Path] | None, typer.Argument(help="XML or Markdown files: statutes, instruments, "
                                                                "proposals (default: every statute under "
                                                                "statutes/).")] = None,
             root: RootOption = Path(".")) -> None:
    """Check statutes, instruments and proposals against the AKN schema and lawdiff's rules; print file:line
    findings."""
    from lawdiff.validate import validate_files

    files = paths or sorted((root / "statutes").rglob("*.xml"))
    if not files:
        raise LawdiffError("nothing to validate (no XML under statutes/)", path=str(root))
    report = validate_files(files, _library(root) if (root / "statutes").is_dir() else None)
    _echo("\n".join([*report.lines, report.summary]))
    if report.errors:
        raise typer.Exit(1)


@app.command()
@reports_errors
def show(article: ArticleArgument, law: LawOption = "criminal-law",
         at: Annotated[str | None, typer.Option("--at", help="Show the text in force on this date (YYYY-MM-DD).")]
         = None,
         lang: Annotated[str, typer.Option("--lang", help="zh (authoritative) or en (unofficial translation).")]
         = "zh",
         root: RootOption = Path(".")) -> None:
    """Print an article as the national database does (optionally as in force on a date, or in English)."""
    from lawdiff.akn.blocks import article_blocks
    from lawdiff.rendering.history import text_at

    if lang not in ("zh", "en"):
        raise LawdiffError(f"unknown language {lang!r} (expected zh or en)")
    library = _library(root)
    when = _date(at) if at else None
    if lang == "en":
        _echo("\n\n".join(library.english_article(law, article, when)))
    elif when is None:
        _echo("\n\n".join(article_blocks(library.current(law).article(article))))
    else:
        _echo(text_at(library.timeline(law), law, article, when))


@app.command()
@reports_errors
def history(article: ArticleArgument, law: LawOption = "criminal-law", root: RootOption = Path(".")) -> None:
    """List every version of an article: dates in force, instrument and item."""
    from lawdiff.rendering.history import history_lines

    _echo("\n".join(history_lines(_library(root).timeline(law), law, article)))


@app.command()
@reports_errors
def blame(article: ArticleArgument, law: LawOption = "criminal-law", root: RootOption = Path(".")) -> None:
    """Show which instrument and item introduced each paragraph and point of an article."""
    from lawdiff.rendering.history import blame_lines

    _echo("\n".join(blame_lines(_library(root).timeline(law), law, article)))


@app.command()
@reports_errors
def verify(law: LawOption = "criminal-law", root: RootOption = Path(".")) -> None:
    """Replay every amending instrument and check agreement with the consolidated text."""
    from lawdiff.rendering.history import verify_lines

    lines, ok = verify_lines(_library(root).timeline(law), law)
    _echo("\n".join(lines))
    if not ok:
        raise typer.Exit(1)


@app.command()
@reports_errors
def refs(article: ArticleArgument, law: LawOption = "criminal-law", root: RootOption = Path(".")) -> None:
    """List the references an article makes (outgoing) and those made to it (incoming), resolved to eIds."""
    from lawdiff.rendering.reports import refs_report

    _echo(refs_report(_library(root).article_refs(law, article)))


@app.command()
@reports_errors
def applicable(article: ArticleArgument,
               act_date: Annotated[str, typer.Option("--act-date", help="Date of the act (YYYY-MM-DD).")],
               judgment_date: Annotated[str, typer.Option("--judgment-date", help="Date of judgment.")],
               tier: Annotated[str | None, typer.Option("--tier", help="The tier the conduct fits: its number in the "
                                                        "list, or words of its grade (情节严重).")] = None,
               law: LawOption = "criminal-law", root: RootOption = Path(".")) -> None:
    """Explain which version of an article applies under Criminal Law Art. 12 (从旧兼从轻), tier by tier."""
    from lawdiff.analysis.applicable import applicable as decide

    library = _library(root)
    _echo(decide(library.timeline(law), law, article, _date(act_date), _date(judgment_date), tier=tier,
                 interpretations=library.temporal_interpretations(law)).explain())


# --- comparing texts -----------------------------------------------------------------------------


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
    from lawdiff.diffing.diff import diff_statutes, penalty_changes
    from lawdiff.rendering.changes import render

    if fmt not in ("terminal", "html", "json"):
        raise LawdiffError(f"unknown format {fmt!r} (expected terminal, html or json)")
    if out is not None:
        _guard(out, root, old, new)
    library = _library(root)
    a, b = library.resolve(old), library.resolve(new)
    if penalties:
        from lawdiff.rendering.reports import penalties_table

        text = penalties_table(penalty_changes(a, b, only))
    else:
        use_color = sys.stdout.isatty() and out is None if color is None else color
        text = render(diff_statutes(a, b, only), fmt, names=(old, new), color=use_color, side_by_side=side_by_side,
                      width=width)
    if out is None:
        _echo(text)
    else:
        _write(out, text if text.endswith("\n") else text + "\n")
        typer.echo(f"wrote {out}")


@app.command()
@reports_errors
def charges(article: Annotated[str | None, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一 (default: "
                                                            "every article).")] = None,
            at: Annotated[str | None, typer.Option("--at", help="The names in force on this date (YYYY-MM-DD).")]
            = None,
            paragraph: Annotated[int | None, typer.Option("--paragraph", help="Only this paragraph of the article.")]
            = None,
            proposal: Annotated[str | None, typer.Option("--proposal", help="The names a proposal proposes "
                                                           "(proposal ID), and those they would replace.")] = None,
            law: LawOption = "criminal-law", root: RootOption = Path(".")) -> None:
    """List the charge names (罪名) of an article or of the whole law: current and earlier, on a date, or as a
    proposal proposes them."""
    from lawdiff.rendering.charges import charges_report, proposed_report

    library = _library(root)
    if proposal is not None:
        if at is not None:
            raise LawdiffError("--at and --proposal: a proposal's names are proposed, not in force on any date")
        from lawdiff.analysis.charges import proposed_names

        found = library.proposal(proposal)
        library.resolve(f"proposal:{found.id}")  # a proposal that does not apply is reported as such
        names = proposed_names(found, library.charges_or_none(found.law), found.base_date)
        _echo(proposed_report(found, names, article, paragraph))
        return
    _echo(charges_report(library.charges(law), library.current(law), article, _date(at) if at else None, paragraph))


@app.command()
@reports_errors
def draft(old: Annotated[str, typer.Argument(help="Reference or file of the earlier text (e.g. "
                                             "criminal-law@2009-02-28), or proposal:ID alone: the changes drafted "
                                             "from its ## Proposed text.")],
          new: Annotated[str | None, typer.Argument(help="Reference or file of the later text.")] = None,
          out: Annotated[Path | None, typer.Option("-o", "--out", help="Write a complete instrument (Markdown).")]
          = None,
          title: Annotated[str | None, typer.Option("--title", help="Title of the drafted instrument.")] = None,
          in_force: Annotated[str | None, typer.Option("--in-force", help="Date it takes effect (YYYY-MM-DD, not "
                                                       "in the past; default: a blank date to fill in).")] = None,
          write: Annotated[bool, typer.Option("--write", help="With proposal:ID alone: put the drafted changes into "
                                              "the proposal's ## Changes (the rest of the file untouched).")] = False,
          root: RootOption = Path(".")) -> None:
    """Write the amending instructions that turn one text into another, in the style the law is amended in; with
    proposal:ID alone, those that give the proposal's ## Proposed text."""
    from lawdiff.diffing.drafting import check_in_force, draft_body, draft_instrument

    if new is None:
        if not old.startswith("proposal:") or out is not None or title or in_force:
            raise LawdiffError("draft takes two texts (A B), or proposal:ID alone (with --write to put the drafted "
                               "changes into the file; -o, --title and --in-force are for two texts)")
        library = _library(root)
        if not write:
            _echo(library.drafted_changes(old)[1])
            return
        path, _ = library.write_drafted_changes(old)
        typer.echo(f"wrote the drafted ## Changes into {path}")
        return
    if write:
        raise LawdiffError("--write is for proposal:ID alone (it writes the proposal's ## Changes)")
    when = _date(in_force) if in_force else None
    if when is not None:
        check_in_force(when)
    if out is not None:
        _guard(out, root, old, new)
    library = _library(root)
    a, b = library.resolve(old), library.resolve(new)
    if out is None:
        _echo(draft_body(a, b, in_force=when))
        return
    _write(out, draft_instrument(a, b, title=title, in_force=when))
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
    from lawdiff.rendering.table import comparison_rows, write_table

    if fmt not in ("html", "docx", "md"):
        raise LawdiffError(f"unknown format {fmt!r} (expected html, docx or md)")
    _guard(out, root, old, new)
    library = _library(root)
    a, b = library.resolve(old), library.resolve(new)
    rows = comparison_rows(a, b, library.notes(new))
    write_table(rows, title or f"{b.title}修改前后对照表", fmt, out)
    typer.echo(f"wrote {out}: {len(rows)} changed article(s)")


# --- proposals -----------------------------------------------------------------------------------


@new_app.command("proposal")
@reports_errors
def new_proposal(proposal_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new proposal "
                                                              "(lowercase words joined by -).")],
                 root: RootOption = Path(".")) -> None:
    """Write a commented proposal template to proposals/ID.md (never overwriting a file)."""
    from lawdiff.amending.proposals import new_proposal_template

    path = root / "proposals" / f"{proposal_id}.md"
    if path.exists():
        raise OutputError("already exists; choose another id", path=str(path))
    _write(path, new_proposal_template(proposal_id))
    typer.echo(f"wrote {path}")


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
    from lawdiff.amending.proposals import RebaseConflict
    from lawdiff.rendering.reports import applied_report, conflict_report

    library = _library(root)
    if out is not None:
        _guard(out, root, *(Path(library.proposal(ref).path) for ref in proposals), *([onto] if onto else []))
    try:
        applied = library.apply_proposals(proposals, onto)
    except RebaseConflict as exc:
        sys.stderr.write(conflict_report(exc))
        raise LawdiffError(f"{len(exc.conflicts)} conflict(s) applying {exc.proposal}; nothing was written") from None
    if out is not None:
        applied.result.save(out)
        typer.echo(f"wrote {out}")
    report, warnings = applied_report(applied)
    sys.stderr.write(warnings)
    sys.stdout.write(report)


@app.command()
@reports_errors
def conflicts(proposals: Annotated[list[str] | None, typer.Argument(help="Proposal ids or files (default: all in "
                                                                    "proposals/).")] = None,
              root: RootOption = Path(".")) -> None:
    """Print which proposals touch the same provisions and whether they compose cleanly in either order."""
    from lawdiff.amending.proposals import conflict_matrix
    from lawdiff.rendering.reports import conflicts_table

    library = _library(root)
    loaded, warnings = library.project_proposals(proposals or None)
    for warning in warnings:
        typer.echo(warning, err=True)
    if len(loaded) < 2:
        raise LawdiffError("conflicts needs at least two proposals")
    matrix = conflict_matrix(loaded, library.proposal_base(loaded[0]))
    _echo(conflicts_table(matrix))
    if any(pair.status == "fail" for pair in matrix.pairs):
        raise typer.Exit(1)


@app.command("compile")
@reports_errors
def compile_(proposal: Annotated[str, typer.Argument(help="Proposal id or file.")],
             out: Annotated[Path, typer.Option("-o", "--out", help="AKN amendment document to write.")],
             root: RootOption = Path(".")) -> None:
    """Compile a proposal into an AKN amendment document with its rationale and text patches."""
    from lawdiff.akn.model import to_xml_bytes
    from lawdiff.amending.proposals import compile_proposal
    from lawdiff.files import write_atomic

    library = _library(root)
    p = library.proposal(proposal)
    _guard(out, root, Path(p.path))
    write_atomic(out, to_xml_bytes(compile_proposal(p, library.proposal_base(p))))
    typer.echo(f"wrote {out}")


# --- importing and amending ------------------------------------------------------------------------


@app.command()
@reports_errors
def amend(base: Annotated[Path, typer.Argument(help="AKN XML of the statute to amend.")],
          instrument: Annotated[Path, typer.Argument(help="Amending instrument: AKN XML or national-database "
                                                       "Markdown.")],
          out: Annotated[Path, typer.Option("-o", "--out", help="AKN XML file to write.")]) -> None:
    """Apply an amending instrument to a statute (an omnibus decision: the section naming it); write the result."""
    from lawdiff.akn.model import Statute
    from lawdiff.amending.instrument import apply_instrument
    from lawdiff.importing.instrument_xml import read_instrument

    _guard(out, Path("."), base, instrument)
    warnings: list[str] = []
    amended = apply_instrument(Statute.load(base), read_instrument(instrument), str(instrument), once=True,
                               warnings=warnings)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    amended.save(out)
    typer.echo(f"wrote {out}")


@import_app.command("law")
@reports_errors
def import_law(src: Annotated[Path, typer.Argument(help="National-database Markdown file.")],
               out: Annotated[Path, typer.Option("-o", "--out", help="AKN XML file to write.")],
               name: Annotated[str | None, typer.Option("--name", help="Work name (default: file name).")] = None,
               date: Annotated[str | None, typer.Option("--date", help="Date of a law whose header has none "
                                                        "(YYYY-MM-DD; default: the date in the file name).")]
               = None) -> None:
    """Import a law in national-database Markdown into AKN 3.0 XML."""
    from lawdiff.importing.markdown import import_file

    _guard(out, Path("."), src)
    warnings: list[str] = []
    statute = import_file(src, name=name or src.stem, date=_date(date) if date else None, warnings=warnings)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
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
    """Read an amending instrument's instructions into AKN with one textualMod per operation (every section of an
    omnibus decision, each with the document it amends)."""
    from lawdiff.importing.instrument_xml import read_instrument, save_instrument

    _guard(out, Path("."), src)
    instrument = read_instrument(src)
    save_instrument(instrument, out, name=name or src.stem, amends=amends)
    items = [*(item for section in instrument.sections for item in section.items), *instrument.items]
    ops = sum(len(item.operations) for item in items)
    sections = f"{len(instrument.sections)} sections, " if instrument.sections else ""
    typer.echo(f"wrote {out}: {sections}{len(items)} items, {ops} operations")


@app.command()
@reports_errors
def export(src: Annotated[str, typer.Argument(help="AKN XML file, or a reference: criminal-law@2021-03-01, "
                                              "criminal-law@amendment-11, proposal:ID.")],
           out: Annotated[Path, typer.Option("-o", "--out", help="File to write.")],
           fmt: Annotated[str, typer.Option("--format", help="markdown (national-database format).")] = "markdown",
           root: RootOption = Path(".")) -> None:
    """Export a statute (a file or a version of a shipped law) to national-database Markdown."""
    from lawdiff.importing.markdown import export_markdown

    if fmt != "markdown":
        raise LawdiffError(f"unknown format {fmt!r} (expected: markdown)")
    _guard(out, root, src)
    _write(out, export_markdown(_library(root).resolve(src)))
    typer.echo(f"wrote {out}")


@app.command()
@reports_errors
def regenerate(root: RootOption = Path("."),
               corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus folder (default: $LAWDIFF_CORPUS, "
                                                           "else ../shared/corpus beside the project).")] = None
               ) -> None:
    """Re-import every shipped statute in statutes/ from the corpus (deterministic)."""
    from lawdiff.catalog import regenerate as regen

    for path in regen(root / "statutes", corpus):
        typer.echo(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")


@app.command()
@reports_errors
def init(folder: Annotated[Path, typer.Argument(help="Folder of the new project (missing or empty).")]) -> None:
    """Start a new project: the shipped statutes and proposals, ready to build and to amend."""
    from lawdiff.library import init_project

    _echo(init_project(folder))


def main() -> None:
    app()
