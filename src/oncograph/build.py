"""``oncograph build``: merge the sources, validate them, prove OWL tools can read them, write the release.

Files are written to a temporary name and renamed, so a failed build never
leaves a half-written release behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic
from .errors import OncographError
from .graph import KnowledgeGraph
from .owl_check import OwlSummary, load_with_owlready
from .serialize import serialize_bytes
from .validation import ValidationReport

DEFAULT_OUT = Path("dist")
RELEASE_FILE = "oncograph.ttl"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it contained."""

    path: Path
    triples: int
    class_counts: dict[str, int]
    owl: OwlSummary
    validation: ValidationReport


class BuildValidationError(OncographError):
    """The graph has SHACL or QC violations, so no release is written."""

    exit_code = 1

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"the graph does not validate, nothing was written:\n{report.to_text()}")


def build_release(kg: KnowledgeGraph, out_dir: Path = DEFAULT_OUT) -> BuildResult:
    """Validate the merged graph, check it with owlready2, then write it as deterministic Turtle."""
    report = kg.validate()
    if not report.conforms:
        raise BuildValidationError(report)
    owl = load_with_owlready(kg.graph)
    data = serialize_bytes(kg.graph, "turtle")
    path = Path(out_dir) / RELEASE_FILE
    write_atomic(path, data)
    return BuildResult(path=path, triples=len(kg), class_counts=kg.class_counts(), owl=owl, validation=report)


__all__ = ["BuildResult", "BuildValidationError", "DEFAULT_OUT", "RELEASE_FILE", "build_release"]
