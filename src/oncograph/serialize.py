"""Deterministic, atomic writing of RDF files.

rdflib labels blank nodes at random on every parse, so the same sources could
serialise in a different order from one run to the next. Relabelling blank nodes
canonically first (RDF graph canonicalisation, as rdflib.compare implements it)
makes the same input give byte-identical files.
"""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from .namespaces import PREFIXES

#: File extension of each rdflib serialisation format we publish.
FORMAT_EXTENSIONS = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "xml": "owl"}


class _SortedGraph(Graph):
    """A graph that yields its triples in a fixed order.

    rdflib's in-memory store keeps terms in sets whose order follows string hashes,
    which change from one process to the next; the RDF/XML and JSON-LD writers walk
    the store in that order. Sorting here makes every writer deterministic.
    """

    def triples(self, triple, context=None):  # type: ignore[override]
        yield from sorted(super().triples(triple), key=lambda t: tuple(term.n3() for term in t))


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` with canonical blank-node labels, a fixed triple order and our prefixes bound."""
    result = _SortedGraph()
    for prefix, namespace in PREFIXES.items():
        result.bind(prefix, namespace, override=True)
    for triple in sorted(to_canonical_graph(graph), key=lambda t: tuple(term.n3() for term in t)):
        result.add(triple)
    return result


def serialize_bytes(graph: Graph, rdf_format: str = "turtle") -> bytes:
    """Serialise deterministically: canonical blank nodes, then sorted lines for N-Triples."""
    data = canonical(graph).serialize(format=rdf_format, encoding="utf-8")
    if rdf_format == "json-ld":  # rdflib emits nodes in store order; sort them by @id
        document = json.loads(data)
        nodes = document["@graph"] if isinstance(document, dict) else document
        nodes.sort(key=lambda node: node.get("@id", ""))
        data = (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    if rdf_format == "nt":
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return data


__all__ = ["FORMAT_EXTENSIONS", "canonical", "serialize_bytes"]
