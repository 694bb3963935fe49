"""The statutes a lawdiff project holds (``statutes/``), found by law name."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

from .errors import UnknownReference
from .model import Statute


class Library:
    """The ``statutes/`` folder of a project: one folder per law, one XML file per expression."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.statutes_dir = self.root / "statutes"
        self._cache: dict[Path, Statute] = {}

    @cached_property
    def names(self) -> list[str]:
        """Return the names of the laws held, sorted."""
        if not self.statutes_dir.is_dir():
            raise UnknownReference(f"no statutes/ folder in {self.root} (run lawdiff from a project folder or pass "
                                   "--root)", path=str(self.root))
        return sorted(p.name for p in self.statutes_dir.iterdir() if p.is_dir() and any(p.glob("zho@*.xml")))

    def expressions(self, name: str) -> list[tuple[dt.date, Path]]:
        """Return the (date, file) of each stored Chinese expression of a law, oldest first."""
        if name not in self.names:
            known = ", ".join(self.names) or "none"
            raise UnknownReference(f"unknown law {name!r} (known: {known})", path=str(self.statutes_dir))
        out = []
        for p in sorted((self.statutes_dir / name).glob("zho@*.xml")):
            out.append((dt.date.fromisoformat(p.stem.split("@", 1)[1]), p))
        return out

    def load(self, path: Path) -> Statute:
        if path not in self._cache:
            self._cache[path] = Statute.load(path)
        return self._cache[path]

    def current(self, name: str) -> Statute:
        """Return the latest stored expression of a law (for the Criminal Law: as amended through XI)."""
        return self.load(self.expressions(name)[-1][1])

    def statutes(self) -> list[Statute]:
        """Return the latest expression of every law held."""
        return [self.current(n) for n in self.names]
