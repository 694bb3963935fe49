"""What a site build leaves for the next one, and the check that nothing has changed since.

Kept apart from `lawdiff.site.builder` and light to import (the standard library only): ``lawdiff build`` on a site
whose inputs have not changed answers from here, without loading the site builder, the templates or lxml — a no-op
rebuild costs little more than starting Python and hashing the inputs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from lawdiff.errors import OutputError
from lawdiff.locations import PACKAGE_DIR, SITE_DIR

#: Where a site keeps what its next build reuses: the manifest (the inputs of each page and output file), the
#: links and anchors of each page, the derived data and the compiled templates. Kept inside the site, so that it
#: is swapped in with the pages it describes.
STATE_DIR = ".lawdiff"
MANIFEST = f"{STATE_DIR}/manifest.json"
LINKS = f"{STATE_DIR}/links.json"
DERIVED = f"{STATE_DIR}/derived.pickle"
TEMPLATE_CACHE = f"{STATE_DIR}/templates"
MANIFEST_FORMAT = 1


class BuildStats(int):
    """The number of pages a build wrote (an int, as `build` always returned), with how many of them it rendered
    and how many it reused unchanged from the previous site, and which search indexes it rebuilt."""

    rendered: int
    reused: int
    indexed: tuple[str, ...]
    warnings: tuple[str, ...]  # what the build left out and why (a draft proposal that does not apply)

    def __new__(cls, pages: int, rendered: int, reused: int, indexed: tuple[str, ...] = (),
                warnings: tuple[str, ...] = ()) -> BuildStats:
        stats = super().__new__(cls, pages)
        stats.rendered, stats.reused, stats.indexed, stats.warnings = rendered, reused, indexed, warnings
        return stats

    def __str__(self) -> str:  # printed, it is the number of pages
        return str(int(self))

    def __repr__(self) -> str:
        return (f"BuildStats(pages={int(self)}, rendered={self.rendered}, reused={self.reused}, "
                f"indexed={self.indexed!r})")


def digest(*parts: object) -> str:
    """Return the SHA-256 of the parts' ``repr`` (plain data: strings, numbers, tuples, lists, dataclasses)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _tree_hash(folder: Path, base: Path) -> list[tuple[str, str]]:
    """Return (path, content hash) of every file below a folder, in order."""
    if not folder.is_dir():
        return []
    return [(f.relative_to(base).as_posix(), hashlib.sha256(f.read_bytes()).hexdigest())
            for f in sorted(folder.rglob("*")) if f.is_file() and "__pycache__" not in f.parts]


def build_inputs(root: Path, search: bool) -> dict[str, Any]:
    """Return what the build reads, hashed: ``global`` stands for what every page depends on (lawdiff's own code,
    the templates, interface strings and static assets, every statute, instrument and translation), ``proposals``
    maps each proposal file to the hash of its content."""
    code = [entry for entry in _tree_hash(PACKAGE_DIR, PACKAGE_DIR) if not entry[0].startswith("shipped/")]
    site = _tree_hash(SITE_DIR, SITE_DIR)
    statutes = _tree_hash(root / "statutes", root)
    proposals = dict(_tree_hash(root / "proposals", root))
    return {"format": MANIFEST_FORMAT, "search": search,
            "global": digest(code, site, statutes, search, bool(proposals)), "proposals": proposals}


def read_manifest(out: Path) -> dict[str, Any] | None:
    """Return the manifest of the site in ``out`` (None when there is none this lawdiff can use)."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("inputs", {}).get("format") != MANIFEST_FORMAT:
        return None
    return manifest


def up_to_date(out: Path, inputs: dict[str, Any]) -> BuildStats | None:
    """Return the pages of the site in ``out`` when it was built from exactly ``inputs`` (`build_inputs`) and every
    page and file it lists is still there — what a build would write is there already — else None."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("inputs") != inputs:
        return None
    if not all((out / path).is_file() for path in [*manifest["pages"], *manifest["files"]]):
        return None
    count = len(manifest["pages"])
    return BuildStats(count, 0, count, (), tuple(manifest.get("warnings", ())))


def unchanged_site(root: Path, out: Path, search: bool) -> BuildStats | None:
    """Return the pages of the site in ``out`` when building the project at ``root`` again would write it as it
    is (see `up_to_date`), else None."""
    return up_to_date(out.resolve(), build_inputs(root.resolve(), search))


def check_site_folder(out: Path, root: Path) -> None:
    """Refuse to build into ``out`` unless it is missing, an empty folder, or a site an earlier build wrote (its
    manifest proves it) — and never into the project itself or its statutes/ or proposals/: a build replaces the
    whole folder, and nothing of the user's may go with it."""
    target, project = out.resolve(), root.resolve()
    if target == project or project.is_relative_to(target) or any(
            target == (project / name).resolve() or target.is_relative_to((project / name).resolve())
            for name in ("statutes", "proposals")):
        raise OutputError("refusing to build the site here: it holds the project's statutes or proposals (choose "
                          "another --out, such as _site)", path=str(out))
    if target.exists() and not target.is_dir():
        raise OutputError("refusing to build the site here: it is a file (expected a folder)", path=str(out))
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputError("refusing to build the site here: the folder is not empty and is not a lawdiff site "
                          "(expected a missing or empty folder, or a site built before)", path=str(out))
