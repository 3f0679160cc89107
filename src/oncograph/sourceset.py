"""Which files make up the graph, in the standard ``ontology/`` layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceSet:
    """The files that make up the graph: the TBox, the data files and the mapping table."""

    tbox: Path
    data: tuple[Path, ...]
    mappings: Path | None

    @classmethod
    def in_folder(cls, folder: Path) -> SourceSet:
        """``oncograph.ttl``, ``data/*.ttl`` (sorted) and ``mappings.sssom.tsv`` of ``folder``."""
        mappings = folder / "mappings.sssom.tsv"
        return cls(
            tbox=folder / "oncograph.ttl",
            data=tuple(sorted((folder / "data").glob("*.ttl"))),
            mappings=mappings if mappings.exists() else None,
        )

    def all_files(self) -> tuple[Path, ...]:
        return (self.tbox, *self.data, *((self.mappings,) if self.mappings else ()))


__all__ = ["SourceSet"]
