"""One exception hierarchy for everything lawdiff reports to a user.

Every message names where the problem is (file, line, provision or instrument
item) and what was expected, so the CLI can print it as a single line.
"""

from __future__ import annotations


class LawdiffError(Exception):
    """Base class: a problem with the user's input or request, reported in one line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.format())

    def format(self) -> str:
        """Return the message prefixed by `file:line:` where those are known."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class ParseError(LawdiffError):
    """Input text or XML could not be read into the expected structure."""


class SchemaError(LawdiffError):
    """An XML document is not valid Akoma Ntoso 3.0."""


class NumberingError(LawdiffError):
    """A Chinese numeral, article number or eId is malformed."""


class UnknownProvision(LawdiffError):
    """A provision (article, paragraph, point) named by the user does not exist."""


class OperationError(LawdiffError):
    """An amending operation's precondition does not hold on the base text."""


class PatchConflict(LawdiffError):
    """A proposal's text patch cannot be applied cleanly to the chosen base."""


class UnknownReference(LawdiffError):
    """A reference such as `criminal-law@2015-11-01` names nothing that lawdiff knows."""


class OutputError(LawdiffError):
    """An output file cannot be written safely (for instance it is the input itself)."""


class BuildError(LawdiffError):
    """The site could not be built (a template failed, a link is broken, the search index failed)."""


class RequestError(LawdiffError):
    """A request to the drafting workbench is not what its API expects (answered 400, in one line)."""


class ExistsError(OutputError):
    """A file a command would write exists already and replacing it was not asked for (the workbench: 409)."""
