"""Check that owlready2 (and so OWL tools built on it) can load the merged graph.

owlready2 reads N-Triples but not Turtle, and keeps a process-wide default
world; a private ``World`` keeps the check from leaking into later loads.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph

from .errors import OwlLoadError
from .namespaces import ONTOLOGY_IRI


@dataclass(frozen=True)
class OwlSummary:
    """What owlready2 saw: enough to show that the load was real."""

    classes: int
    object_properties: int
    data_properties: int
    individuals: int


def load_with_owlready(graph: Graph) -> OwlSummary:
    """Load ``graph`` into a fresh owlready2 world; raise :class:`OwlLoadError` if it refuses."""
    with tempfile.TemporaryDirectory(prefix="oncograph-owl-") as folder:
        path = Path(folder) / "oncograph.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            onto = world.get_ontology(path.as_uri()).load()
        except Exception as exc:  # owlready2 raises many kinds of errors on bad OWL
            raise OwlLoadError(f"owlready2 could not load the merged graph: {exc}") from exc
        try:
            if onto.base_iri.rstrip("#/") != ONTOLOGY_IRI and not list(world.ontologies.values()):
                raise OwlLoadError("owlready2 loaded no ontology from the merged graph")
            return OwlSummary(
                classes=len(list(world.classes())),
                object_properties=len(list(world.object_properties())),
                data_properties=len(list(world.data_properties())),
                individuals=len(list(world.individuals())),
            )
        finally:
            world.close()


__all__ = ["OwlSummary", "load_with_owlready"]
