"""One row of a curated tab-separated table, with the file and line it came from for error messages.

The drug tables and the metastasis-evidence tables are read the same way; both name a bad cell by file:line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceFileError


@dataclass(frozen=True)
class Row:
    """One table row with where it came from, for messages."""

    path: Path
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def values(self, column: str, separator: str = ";") -> list[str]:
        return [v.strip() for v in self[column].split(separator) if v.strip()]

    def fail(self, message: str) -> SourceFileError:
        return SourceFileError(self.path, message, line=self.line)


__all__ = ["Row"]
