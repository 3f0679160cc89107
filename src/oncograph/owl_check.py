"""Check that owlready2 (and so OWL tools built on it) can load the merged graph.

owlready2 reads N-Triples but not Turtle, and keeps a process-wide default
world; a private ``World`` keeps the check from leaking into later loads.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph

from .errors import OwlLoadError


@dataclass(frozen=True)
class OwlSummary:
    """What owlready2 saw: enough to show that the load was real."""

    classes: int
    object_properties: int
    data_properties: int
    individuals: int


@contextmanager
def owlready_world(graph: Graph | bytes) -> Iterator[tuple[owlready2.World, Path]]:
    """``graph`` (an rdflib graph, or N-Triples) loaded into a private owlready2 world, with a scratch folder;
    closed on exit."""
    with tempfile.TemporaryDirectory(prefix="oncograph-owl-") as folder:
        path = Path(folder) / "graph.nt"
        if isinstance(graph, bytes):
            path.write_bytes(graph)
        else:
            graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        # owlready2 writes a reasoner's input (Pellet's, in the tests) with NamedTemporaryFile(delete=False) and
        # removes it only on success; pointing tempfile at our folder makes that file go when the folder goes, whatever happens.
        previous_tempdir, tempfile.tempdir = tempfile.tempdir, folder
        try:
            try:
                world.get_ontology(path.as_uri()).load()
            except Exception as exc:  # owlready2 raises many kinds of errors on bad OWL
                raise OwlLoadError(f"owlready2 could not load the merged graph: {exc}") from exc
            yield world, Path(folder)
        finally:
            tempfile.tempdir = previous_tempdir
            world.close()


def owlready_summary(ntriples: bytes) -> OwlSummary:
    """What a fresh owlready2 world holds after loading ``ntriples`` (the build runs this in a worker process)."""
    with owlready_world(ntriples) as (world, _):
        summary = OwlSummary(
            classes=len(list(world.classes())),
            object_properties=len(list(world.object_properties())),
            data_properties=len(list(world.data_properties())),
            individuals=len(list(world.individuals())),
        )
    if summary.classes == 0:
        raise OwlLoadError("owlready2 saw no OWL class in the merged graph")
    return summary


__all__ = ["OwlSummary", "owlready_summary", "owlready_world"]
