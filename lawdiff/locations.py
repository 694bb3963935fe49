"""Where lawdiff's own files are: the site's templates and assets, and the statutes and proposals it ships.

In a checkout they are the folders at its top (``site/``, ``statutes/``, ``proposals/``); in an installed lawdiff
(a wheel) the same files are package data under ``lawdiff/shipped/`` (see pyproject.toml). Standard library only:
`lawdiff.site.state` imports this on the way to answering a no-op build.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_INSTALLED = PACKAGE_DIR / "shipped"
_CHECKOUT = PACKAGE_DIR.parent


def _shipped(name: str) -> Path:
    installed = _INSTALLED / name
    return installed if installed.is_dir() else _CHECKOUT / name


#: The site's templates (``templates/``), interface strings (``i18n/``), assets (``static/``) and legal data.
SITE_DIR = _shipped("site")
#: The statutes and proposals lawdiff ships, which `lawdiff init` copies into a new project.
SHIPPED_STATUTES = _shipped("statutes")
SHIPPED_PROPOSALS = _shipped("proposals")


def default_corpus(root: Path) -> Path:
    """Return the corpus a project's statutes are imported from: ``$LAWDIFF_CORPUS``, else ``../shared/corpus``
    beside the project folder."""
    env = os.environ.get("LAWDIFF_CORPUS")
    return Path(env) if env else Path(root).resolve().parent / "shared" / "corpus"
