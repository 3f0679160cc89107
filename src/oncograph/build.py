"""``oncograph build``: merge the sources, prove OWL tools can read them, write the release.

Files are written to a temporary name and renamed, so a failed build never
leaves a half-written release behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .graph import KnowledgeGraph
from .owl_check import OwlSummary, load_with_owlready
from .atomic import write_atomic
from .serialize import serialize_bytes

DEFAULT_OUT = Path("dist")
RELEASE_FILE = "oncograph.ttl"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it contained."""

    path: Path
    triples: int
    class_counts: dict[str, int]
    owl: OwlSummary


def build_release(kg: KnowledgeGraph, out_dir: Path = DEFAULT_OUT) -> BuildResult:
    """Check the merged graph with owlready2, then write it as deterministic Turtle."""
    owl = load_with_owlready(kg.graph)
    data = serialize_bytes(kg.graph, "turtle")
    path = Path(out_dir) / RELEASE_FILE
    write_atomic(path, data)
    return BuildResult(path=path, triples=len(kg), class_counts=kg.class_counts(), owl=owl)


__all__ = ["BuildResult", "DEFAULT_OUT", "RELEASE_FILE", "build_release"]
