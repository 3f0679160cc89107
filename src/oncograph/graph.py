"""The KnowledgeGraph hub: the one object every interface (API, CLI, tests) goes through.

It wraps an rdflib graph merged from the curated sources and offers the
operations later features hang off (statistics, building the release, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .namespaces import OG
from .resources import ontology_dir
from .sources import SourceSet, load_sources

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?member) AS ?count) WHERE {
    ?class a owl:Class .
    FILTER(STRSTARTS(STR(?class), STR(og:)))
    ?subclass rdfs:subClassOf* ?class .
    ?member a ?subclass .
}
GROUP BY ?class
"""


class KnowledgeGraph:
    """oncograph's graph and the operations on it.

    >>> kg = load()
    >>> kg.label("https://w3id.org/oncograph/resource/breast-cancer")
    'breast cancer'
    """

    def __init__(self, graph: Graph, sources: SourceSet | None = None) -> None:
        self.graph = graph
        self.sources = sources

    @classmethod
    def from_sources(cls, folder: Path | None = None) -> KnowledgeGraph:
        """Load the TBox, the data files and the mappings of ``folder`` (default: the shipped ones)."""
        sources = SourceSet.in_folder(Path(folder) if folder else ontology_dir())
        return cls(load_sources(sources), sources)

    def __len__(self) -> int:
        return len(self.graph)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.graph)

    def label(self, iri: str | URIRef) -> str | None:
        """The English ``rdfs:label`` of an entity, or ``None``."""
        value = self.graph.value(URIRef(str(iri)), RDFS.label)
        return str(value) if value is not None else None

    def class_counts(self) -> dict[str, int]:
        """Members of each oncograph class, subclasses included, keyed by class label."""
        counts: dict[str, int] = {}
        for row in self.graph.query(_CLASS_COUNTS, initNs={"og": OG}):
            counts[self.label(row[0]) or str(row[0])] = int(row[1])
        return dict(sorted(counts.items()))


def load(folder: Path | str | None = None) -> KnowledgeGraph:
    """Load oncograph from its curated sources (the shipped ones unless ``folder`` is given).

    >>> kg = load()
    >>> kg.class_counts()["cancer type"] > 10
    True
    """
    return KnowledgeGraph.from_sources(Path(folder) if folder else None)


__all__ = ["KnowledgeGraph", "load"]
