"""Errors that reach the user, each with the exit code the CLI should end with.

Exit codes follow pySHACL's convention: 1 means the data was read but is wrong,
2 means the input could not be used at all.
"""

from __future__ import annotations

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


class OwlLoadError(OncographError):
    """owlready2 refused the merged graph, so OWL tools downstream would too."""


__all__ = ["OncographError", "OwlLoadError", "SourceFileError"]
