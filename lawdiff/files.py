"""Reading inputs and writing outputs, each with one-line errors: the one place lawdiff touches files.

Every command reads its inputs through `read_text` / `read_bytes`, so that a missing file, a folder, a binary or
mis-encoded file is reported as ``file: cannot read: …`` or ``file: not UTF-8 text: …``, never as a traceback;
and writes through `write_atomic`, so that an output is never half-written (a temporary file beside it, then a
rename).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from lawdiff.errors import OutputError, ParseError


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return a file's bytes; raise ParseError naming the file when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise ParseError("cannot read: it is a folder (expected a file)", path=str(path)) from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=str(path)) from None


def read_text(path: str | os.PathLike[str]) -> str:
    """Return a UTF-8 text file's text; raise ParseError naming the file when it cannot be read or is not UTF-8."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text: {exc.reason} at byte {exc.start} (expected a UTF-8 text file)",
                         path=str(path)) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` via a temporary file in the same folder and a rename: never half-written. Raise
    OutputError naming the file when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are ordinary readable files
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror}", path=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: libyaml's parser where PyYAML was built with it (ten times quicker), the same safe loading either way.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """Return the data of a YAML file (safe loading: plain data only); raise ParseError naming the file and line
    when it cannot be read or is not YAML."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ParseError(f"bad YAML: {getattr(exc, 'problem', exc)}", path=str(path), line=line) from None


#: The folders of a project that only the commands whose job it is write into (`lawdiff regenerate`, `lawdiff new
#: proposal`, `lawdiff draft proposal:ID --write`, the workbench's save).
PROTECTED = ("statutes", "proposals")


def check_output(out: Path, *, inputs: Iterable[Path] = (), projects: Iterable[Path] = ()) -> None:
    """Refuse, with a one-line OutputError naming the file, an output that would overwrite one of the ``inputs``,
    write into the statutes/ or proposals/ of one of the ``projects``, or replace a folder."""
    target = out.resolve()
    for source in inputs:
        if source.exists() and target == source.resolve():
            raise OutputError(f"refusing to overwrite the input {source} (choose another -o)", path=str(out))
    for project in projects:
        for name in PROTECTED:
            folder = (project / name).resolve()
            if target == folder or target.is_relative_to(folder):
                raise OutputError(f"refusing to write into {name}/: lawdiff reads the project from there (choose "
                                  "another -o)", path=str(out))
    if target.is_dir():
        raise OutputError("is a folder (expected the name of a file to write)", path=str(out))
