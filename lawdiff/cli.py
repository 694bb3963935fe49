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

from .errors import LawdiffError, OutputError

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


def _echo(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
@reports_errors
def build(out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("_site"),
          root: RootOption = Path(".")) -> None:
    """Build the static site from statutes/ (and proposals/) into _site/."""
    from .site import build as build_site

    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress and (done == total or done % 50 == 0):
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
            if done == total:
                sys.stderr.write("\n")

    count = build_site(root, out, progress)
    typer.echo(f"built {count} pages into {out}")


@app.command()
@reports_errors
def validate(paths: Annotated[list[Path] | None, typer.Argument(help="XML or Markdown files (default: "
                                                                "every statute under statutes/).")] = None,
             root: RootOption = Path(".")) -> None:
    """Check statutes against the AKN schema and lawdiff's rules; print file:line findings."""
    from .validate import validate_path

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
    from .importers import article_blocks
    from .library import Library

    library = Library(root)
    if lang not in ("zh", "en"):
        raise LawdiffError(f"unknown language {lang!r} (expected zh or en)")
    if lang == "en":
        from .translations import english_article

        _echo("\n\n".join(english_article(library, law, article, _date(at) if at else None)))
        return
    if at is None:
        _echo("\n\n".join(article_blocks(library.current(law).article(article))))
        return
    from .history import text_at

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
    from .history import history_lines
    from .library import Library

    _echo("\n".join(history_lines(Library(root), law, article)))


@app.command()
@reports_errors
def blame(article: Annotated[str, typer.Argument(help="Article number: 253-1 or 第二百五十三条之一.")],
          law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
          root: RootOption = Path(".")) -> None:
    """Show which instrument and item introduced each paragraph and point of an article."""
    from .history import blame_lines
    from .library import Library

    _echo("\n".join(blame_lines(Library(root), law, article)))


@app.command()
@reports_errors
def verify(law: Annotated[str, typer.Option("--law", help="Law name.")] = "criminal-law",
           root: RootOption = Path(".")) -> None:
    """Replay every amending instrument and check agreement with the consolidated text."""
    from .history import verify_lines
    from .library import Library

    lines, ok = verify_lines(Library(root), law)
    _echo("\n".join(lines))
    if not ok:
        raise typer.Exit(1)


@app.command()
@reports_errors
def amend(base: Annotated[Path, typer.Argument(help="AKN XML of the statute to amend.")],
          instrument: Annotated[Path, typer.Argument(help="Amending instrument: AKN XML or national-database "
                                                       "Markdown.")],
          out: Annotated[Path, typer.Option("-o", "--out", help="AKN XML file to write.")]) -> None:
    """Apply an amending instrument to a statute; write the amended statute."""
    from .amendments import read_instrument
    from .model import Statute
    from .operations import apply_instrument

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
    from .importers import import_markdown
    from .model import assert_valid

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
    from .amendments import read_instrument, save_instrument

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
    from .importers import export_markdown
    from .model import Statute, write_atomic

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
    from .catalog import regenerate as regen

    for path in regen(root / "statutes", corpus):
        typer.echo(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")


def main() -> None:
    app()
