"""Dates given by users: ``YYYY-MM-DD`` read with a one-line error for anything that is not a real date.

>>> iso_date("2015-11-01")
datetime.date(2015, 11, 1)
>>> iso_date("2021-02-30")  # doctest: +ELLIPSIS
Traceback (most recent call last):
lawdiff.errors.LawdiffError: not a date: '2021-02-30' (expected a real date as YYYY-MM-DD: day is out of range...)
"""

from __future__ import annotations

import datetime as dt
import re

from lawdiff.errors import LawdiffError

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: str, what: str = "") -> dt.date:
    """Return the date written ``YYYY-MM-DD``; raise LawdiffError (``what``: where it was given) otherwise."""
    where = f"{what}: " if what else ""
    if not _ISO.fullmatch(value):
        raise LawdiffError(f"{where}not a date: {value!r} (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise LawdiffError(f"{where}not a date: {value!r} (expected a real date as YYYY-MM-DD: {exc})") from None
