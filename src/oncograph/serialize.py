"""Deterministic writing of RDF files.

rdflib labels blank nodes at random on every parse, so the same sources could
serialise in a different order from one run to the next. Relabelling blank nodes
canonically first (RDF graph canonicalisation, as rdflib.compare implements it)
makes the same input give byte-identical files. Only the triples that hold a blank
node are canonicalised: the labels depend on nothing else, and rdflib's algorithm
over the whole graph cost 4 s a call on the shipped 25k triples (8 calls a build).
Every format is written by pyoxigraph from the sorted canonical N-Triples
(``rdf_writers.py``: RDF/XML with typed node elements, JSON-LD compacted with our
prefixes as ``@context``, which pyoxigraph 0.5 does not do itself).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import XSD

from .namespaces import PREFIXES
from .rdf_writers import FORMAT_EXTENSIONS, from_ntriples  # the pyoxigraph writers, kept free of rdflib


class _SortedGraph(Graph):
    """A graph that yields its triples in a fixed order.

    rdflib's in-memory store keeps terms in sets whose order follows string hashes,
    which change from one process to the next; the RDF/XML and JSON-LD writers walk
    the store in that order. Sorting here makes every writer deterministic.
    """

    def triples(self, triple, context=None):  # type: ignore[override]
        yield from sorted(super().triples(triple), key=lambda t: tuple(term.n3() for term in t))


def canonical_triples(graph: Graph) -> list[tuple]:
    """The triples of ``graph`` with canonical blank-node labels, sorted."""
    return sorted(_relabelled(graph), key=lambda t: tuple(term.n3() for term in t))


def _relabelled(graph: Graph) -> list[tuple]:
    """The triples of ``graph`` with canonical blank-node labels, in no particular order.

    Blank-node labels are computed from the triples that hold a blank node only (ground
    triples say nothing about them), so this costs milliseconds where the graph has few.
    """
    ground, blank = [], Graph()
    for triple in graph:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            blank.add(triple)
        else:
            ground.append(triple)
    if len(blank):
        ground.extend(to_canonical_graph(blank))
    return ground


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` with canonical blank-node labels, a fixed triple order and our prefixes bound."""
    result = _SortedGraph()
    for prefix, namespace in PREFIXES.items():
        result.bind(prefix, namespace, override=True)
    for triple in canonical_triples(graph):
        result.add(triple)
    return result


def ox_term(term):
    """An rdflib term as pyoxigraph's (a plain literal is an xsd:string, as in RDF 1.1)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(term, language=term.language)
        return ox.Literal(term, datatype=ox.NamedNode(term.datatype or XSD.string))
    raise TypeError(f"not an RDF term: {term!r}")


def ox_quads(graph: Graph) -> list[ox.Quad]:
    """The triples of an rdflib ``graph`` as pyoxigraph default-graph quads (for ``Store.extend``)."""
    return [ox.Quad(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in graph]


def ntriples_graph(data: bytes) -> Graph:
    """N-Triples as an rdflib graph with our prefixes bound (the hub's on-demand graphs, the merge's rdflib view)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    if data:
        graph.parse(data=data, format="nt")
    return graph


def ntriples_bytes(graph: Graph) -> bytes:
    """Sorted canonical N-Triples, written by pyoxigraph (one triple a line, no blank lines).

    This is the form the cache and the hub keep, and every other format is written from it
    (:func:`from_ntriples`), so each file of a release says the same triples in the same order.
    """
    # the lines are sorted, so the triples need not be (sorting rdflib triples by their n3() is slow at scale)
    triples = [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in _relabelled(graph)]
    if not triples:
        return b""
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def canonical_ntriples(parts: list[bytes]) -> bytes:
    """The union of N-Triples ``parts`` as sorted canonical N-Triples: the same bytes as :func:`ntriples_bytes`
    of the same triples in rdflib (tested), without making that rdflib graph.

    Only the lines holding a blank node go through rdflib's canonical relabelling; at a million triples this
    takes seconds where the rdflib route took 15 s and gigabytes. The parts must be pyoxigraph's N-Triples of
    parsed terms, not a store's dump: a store keeps numbers by value and writes ``"84.0"^^xsd:decimal`` back as
    ``"84"``. One difference from rdflib: rdflib rewrites some literals to its own lexical form when it parses
    them (``"070"^^xsd:integer`` as ``"70"``); here a literal keeps the form its file wrote.
    """
    ground: set[bytes] = set()
    blank: list[bytes] = []
    for part in parts:
        lines = part.splitlines(keepends=True)
        # only lines with "_:" somewhere can hold a blank node: the few are looked at one by one
        held = [line for line in lines if b"_:" in line and holds_blank_node(line)]
        ground.update(lines)
        ground.difference_update(held)
        blank.extend(held)
    ground.discard(b"\n")
    if blank:
        ground.update(ntriples_bytes(ntriples_graph(b"".join(blank))).splitlines(keepends=True))
    return b"".join(sorted(ground))


def holds_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line has a blank node: as its subject, or as its object (the last term, which is then
    neither quoted nor bracketed)."""
    return line.startswith(b"_:") or line.rstrip(b" .\r\n").rsplit(b" ", 1)[-1].startswith(b"_:")


def serialize_bytes(graph: Graph, rdf_format: str = "turtle", *, pretty: bool = False) -> bytes:
    """Serialise deterministically: canonical blank nodes and sorted triples, written by pyoxigraph.

    ``pretty=True`` gives rdflib's Turtle instead (nested blank nodes and lists, for files people review, such
    as import modules). JSON-LD is compacted with our prefixes as its ``@context``; RDF/XML uses typed node elements.
    """
    if rdf_format in FORMAT_EXTENSIONS and not (pretty and rdf_format == "turtle"):
        return from_ntriples(ntriples_bytes(graph), rdf_format)
    return canonical(graph).serialize(format=rdf_format, encoding="utf-8")


__all__ = ["FORMAT_EXTENSIONS", "canonical", "canonical_triples", "from_ntriples", "ntriples_bytes", "ox_term",
           "holds_blank_node", "ntriples_graph", "ox_quads", "serialize_bytes", "canonical_ntriples"]
