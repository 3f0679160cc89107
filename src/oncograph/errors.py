"""Errors that reach the user, each with the exit code the CLI should end with.

Exit codes follow pySHACL's convention: 1 means the data was read but is wrong,
2 means the input could not be used at all.
"""

from __future__ import annotations

import errno
from pathlib import Path


class OncographError(Exception):
    """An error the user can act on; ``str()`` is the whole message."""

    exit_code = 2


class SourceFileError(OncographError):
    """A source file could not be read; names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        where += f":{column}" if line is not None and column is not None else ""
        super().__init__(f"{where}: {message}")


class ArgumentError(OncographError, TypeError):
    """An API argument has the wrong type (``None`` where a name or query is needed).

    It is also a ``TypeError``, so code that catches the built-in error keeps working.
    """


def require_text(value: object, what: str) -> str:
    """``value`` if it is a string; otherwise an :class:`ArgumentError` naming ``what``."""
    if not isinstance(value, str):
        raise ArgumentError(f"{what} must be a string, not {type(value).__name__}")
    return value


def clip(value: str, limit: int = 80) -> str:
    """``value`` shortened for an error message, saying how long it was (a 120 KB value is not echoed whole)."""
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value)} characters)"


class OwlLoadError(OncographError):
    """owlready2 refused the merged graph, so OWL tools downstream would too."""


class OutputError(OncographError):
    """An output file or folder could not be written; one line naming the path and the system's reason.

    Exit code 2 when the path itself is unusable (no permission, a directory, not a directory), 1 when the
    system failed while writing (disk full, I/O error).
    """

    @classmethod
    def from_os_error(cls, error: OSError, what: str) -> OutputError:
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename and str(error.filename) not in what else ""
        made = cls(f"cannot write {what}: {reason}{where}")
        made.exit_code = 1 if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG) else 2
        return made


__all__ = ["ArgumentError", "OncographError", "OutputError", "OwlLoadError", "SourceFileError", "clip", "require_text"]
