"""What one build keeps for the next beyond the manifest (`lawdiff.site.state`): the links and anchors of every
page, and what it derived (versions, references, proposals' tables and conflicts, word diffs), by a hash of what
each entry depends on."""


from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lawdiff.amending.proposals import (
    Proposal,
)
from lawdiff.site.state import (
    DERIVED,
    LINKS,
    MANIFEST,
    STATE_DIR,
    digest,
    read_manifest,
)


@dataclass
class Derived:
    """What a build derives that the next build can reuse (see `build`): what the previous build derived and what
    this one derives, by a hash of what each entry is derived from. Every entry depends on the statutes, the
    templates and lawdiff's own code (``inputs["global"]``); an entry derived from proposals also on what they
    change (`proposal_content`: not their rationale, so that editing the reasons never recomputes the texts)."""

    inputs: dict[str, Any]
    old: dict[str, Any]
    new: dict[str, Any]

    def key(self, what: str, *content: str) -> str:
        """Return the key of an entry: what it is, derived from the statutes and, in ``content``, the proposals."""
        return digest(what, self.inputs["global"], content)

    def cached(self, what: str, make: Callable[[], Any], *content: str) -> Any:
        """Return what ``make`` derives from the statutes and, in ``content``, the proposals (`proposal_content`)."""
        key = self.key(what, *content)
        value = self.old[key] if key in self.old else make()
        self.new[key] = value
        return value


def proposal_content(proposal: Proposal) -> str:
    """Return a hash of what a proposal changes: its base and its items (operations and line numbers, which
    messages cite) — not its title, sources or rationale."""
    return digest(proposal.id, proposal.path, proposal.base, proposal.items)


def read_state(out: Path) -> tuple[dict[str, Any] | None, dict[str, Any], dict[str, Any]]:
    """Return the previous site's manifest, links and derived data (None, {}, {} when there is none usable)."""
    import json

    manifest = read_manifest(out)
    if manifest is None:
        return None, {}, {}
    try:
        links = json.loads((out / LINKS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}, {}
    intern = sys.intern
    links = {intern(page): ([intern(x) for x in found[0]], [intern(x) for x in found[1]])
             for page, found in links.items()}
    return manifest, links, read_pickle(out / DERIVED)


def write_state(staging: Path, manifest: dict[str, Any], links: dict[str, tuple[list[str], set[str]]],
                 derived: dict[str, Any]) -> None:
    import json

    (staging / STATE_DIR).mkdir(exist_ok=True)
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
    (staging / LINKS).write_text(json.dumps({page: [links[page][0], sorted(links[page][1])] for page in links},
                                            ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    write_pickle(staging / DERIVED, derived)


def reuse_file(old: Path, new: Path) -> None:
    """Put a file of the previous site into the new one: a hard link (a copy where links are not possible)."""
    try:
        os.link(old, new)  # thousands of files, most in folders made already: make a folder only when missing
    except FileNotFoundError:
        new.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(old, new)
    except OSError:
        shutil.copy2(old, new)


def _link_or_copy(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def law_derived(site: Path, law: str) -> Path:
    """Return the file where a site keeps what the pages of one law derived (see `_law_phase`)."""
    return site / STATE_DIR / "derived" / f"{law}.pickle"


def read_pickle(path: Path) -> dict[str, Any]:
    """Return a cache's entries (empty when the file is missing or unusable: a cache is only ever a shortcut)."""
    import pickle

    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
    except Exception:  # anything wrong with a cache means deriving again what it held
        return {}
    return data if isinstance(data, dict) else {}


def write_pickle(path: Path, data: dict[str, Any]) -> None:
    import pickle

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(dict(sorted(data.items())), f, protocol=4)
