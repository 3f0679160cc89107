"""Which files make up the graph, in the standard ``ontology/`` layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


#: The curated evidence tables of ``evidence/``, studies first (observations name them).
EVIDENCE_FILES = ("studies.tsv", "metastasis-observations.tsv")


@dataclass(frozen=True)
class SourceSet:
    """The files that make up the graph: the TBox, the data files and the mapping table."""

    tbox: Path
    data: tuple[Path, ...]
    mappings: Path | None
    #: Generated import modules (``imports/*.ttl``) and their cross-reference tables (``imports/*.sssom.tsv``).
    imports: tuple[Path, ...] = ()
    #: The curated drug tables (``drugs/*.tsv``: drugs, classes, genes, biomarkers, indications).
    drug_tables: tuple[Path, ...] = ()
    #: Curated evidence tables (``evidence/studies.tsv``, ``evidence/metastasis-observations.tsv``).
    evidence: tuple[Path, ...] = ()

    @classmethod
    def in_folder(cls, folder: Path) -> SourceSet:
        """``oncograph.ttl``, ``data/*.ttl`` (sorted), ``mappings.sssom.tsv``, ``imports/`` and ``evidence/`` of ``folder``."""
        mappings = folder / "mappings.sssom.tsv"
        return cls(
            tbox=folder / "oncograph.ttl",
            data=tuple(sorted((folder / "data").glob("*.ttl"))),
            mappings=mappings if mappings.exists() else None,
            imports=tuple(sorted((folder / "imports").glob("*.ttl"))) + tuple(sorted((folder / "imports").glob("*.sssom.tsv"))),
            drug_tables=tuple(sorted((folder / "drugs").glob("*.tsv"))),
            evidence=tuple(p for p in (folder / "evidence" / name for name in EVIDENCE_FILES) if p.exists()),
        )

    @property
    def import_mappings(self) -> tuple[Path, ...]:
        """The import modules' cross-reference tables (``imports/*.sssom.tsv``), which the release publishes as they are."""
        return tuple(path for path in self.imports if path.name.endswith(".sssom.tsv"))

    def all_files(self) -> tuple[Path, ...]:
        """The files merged into the graph (shapes and QC queries check it, they are not part of it)."""
        return (self.tbox, *self.data, *((self.mappings,) if self.mappings else ()), *self.imports, *self.drug_tables, *self.evidence)

    @property
    def shapes(self) -> Path:
        """The SHACL shapes that the merged graph must conform to."""
        return self.tbox.parent / "shapes.ttl"

    @property
    def qc_queries(self) -> tuple[Path, ...]:
        """The QC report queries (``*-violation.rq`` fail validation, the others warn)."""
        return tuple(sorted((self.tbox.parent / "qc").glob("*.rq")))


__all__ = ["EVIDENCE_FILES", "SourceSet"]
