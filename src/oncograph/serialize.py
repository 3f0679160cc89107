"""Deterministic, atomic writing of RDF files.

rdflib labels blank nodes at random on every parse, so the same sources could
serialise in a different order from one run to the next. Relabelling blank nodes
canonically first (RDF graph canonicalisation, as rdflib.compare implements it)
makes the same input give byte-identical files.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from .namespaces import PREFIXES

#: File extension of each rdflib serialisation format we publish.
FORMAT_EXTENSIONS = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "xml": "owl"}


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` with canonical blank-node labels and our prefixes bound."""
    result = Graph()
    for prefix, namespace in PREFIXES.items():
        result.bind(prefix, namespace, override=True)
    result += to_canonical_graph(graph)
    return result


def serialize_bytes(graph: Graph, rdf_format: str = "turtle") -> bytes:
    """Serialise deterministically: canonical blank nodes, then sorted lines for N-Triples."""
    data = canonical(graph).serialize(format=rdf_format, encoding="utf-8")
    if rdf_format == "nt":
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return data


__all__ = ["FORMAT_EXTENSIONS", "canonical", "serialize_bytes"]
