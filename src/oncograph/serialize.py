"""Deterministic writing of RDF files.

rdflib labels blank nodes at random on every parse, so the same sources could
serialise in a different order from one run to the next. Relabelling blank nodes
canonically first (RDF graph canonicalisation, as rdflib.compare implements it)
makes the same input give byte-identical files. Only the triples that hold a blank
node are canonicalised: the labels depend on nothing else, and rdflib's algorithm
over the whole graph cost 4 s a call on the shipped 25k triples (8 calls a build).
N-Triples, Turtle and RDF/XML are written by pyoxigraph from the sorted canonical
triples (RDF/XML with typed node elements: each subject's element type is its first
triple); compact JSON-LD with our prefixes as ``@context`` stays with rdflib, which
pyoxigraph 0.5 cannot produce.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import XSD

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


def canonical_triples(graph: Graph) -> list[tuple]:
    """The triples of ``graph`` with canonical blank-node labels, sorted.

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
    return sorted(ground, key=lambda t: tuple(term.n3() for term in t))


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` with canonical blank-node labels, a fixed triple order and our prefixes bound."""
    return _with_prefixes(_SortedGraph(), canonical_triples(graph))


def _with_prefixes(target: Graph, triples: list[tuple]) -> Graph:
    """``target`` with our prefixes bound and ``triples`` added."""
    for prefix, namespace in PREFIXES.items():
        target.bind(prefix, namespace, override=True)
    for triple in triples:
        target.add(triple)
    return target


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


#: A graph to write: an rdflib graph, or its :func:`canonical_triples` already computed (a build writes each
#: release variant in four formats and computes them once).
Writable = Graph | list[tuple]


def _canonical(graph: Writable) -> list[tuple]:
    return graph if isinstance(graph, list) else canonical_triples(graph)


def _ox_triples(graph: Writable) -> list[ox.Triple]:
    return [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in _canonical(graph)]


def ntriples_bytes(graph: Writable) -> bytes:
    """Sorted canonical N-Triples, written by pyoxigraph (one triple a line, no blank lines)."""
    triples = _ox_triples(graph)
    if not triples:
        return b""
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def turtle_bytes(graph: Writable) -> bytes:
    """Turtle written by pyoxigraph from the sorted canonical triples (subjects grouped with ``;``).

    pyoxigraph writes the prefix lines in hash order, so they are sorted; the rest follows the input order.
    Used for releases and exports: rdflib's pretty writer took 2 s on the shipped graph and a minute at 1M triples.
    """
    data = ox.serialize(_ox_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    head, body = [], []
    for line in data.splitlines(keepends=True):
        (head if line.startswith(b"@prefix ") and not body else body).append(line)
    return b"".join(sorted(head)) + b"".join(body)


def serialize_bytes(graph: Writable, rdf_format: str = "turtle", *, pretty: bool = False) -> bytes:
    """Serialise deterministically: canonical blank nodes, then sorted lines for N-Triples.

    Turtle and N-Triples are written by pyoxigraph; ``pretty=True`` gives rdflib's Turtle instead
    (nested blank nodes and lists, for files people review, such as import modules).
    JSON-LD is compacted with our prefixes as its ``@context``; RDF/XML uses typed node elements.
    """
    if rdf_format == "nt":
        return ntriples_bytes(graph)
    if rdf_format == "turtle" and not pretty:
        return turtle_bytes(graph)
    if rdf_format == "xml":
        return rdfxml_bytes(graph)
    if rdf_format == "json-ld":
        return jsonld_bytes(graph)
    if isinstance(graph, list):
        raise TypeError(f"{rdf_format}: give the rdflib graph, not its canonical triples")
    return canonical(graph).serialize(format=rdf_format, encoding="utf-8")


def jsonld_bytes(graph: Writable) -> bytes:
    """Compact JSON-LD by rdflib with our prefixes as ``@context``, in a fixed order.

    rdflib emits nodes and property values in store order (string hashes, which change per process). Sorting
    the graph's triples for the writer cost more than the writing, so the document is put in order afterwards:
    nodes by ``@id``, keys by name, and each property's array of values by its JSON text. Those arrays are sets
    in JSON-LD; ``@list`` arrays (RDF lists) are ordered and stay as written.
    """
    plain = _with_prefixes(Graph(), _canonical(graph))
    document = json.loads(plain.serialize(format="json-ld", encoding="utf-8", context=dict(PREFIXES), auto_compact=True))
    nodes = document["@graph"] if isinstance(document, dict) and "@graph" in document else document
    if isinstance(nodes, list):
        nodes.sort(key=lambda node: node.get("@id", ""))
    return (json.dumps(_in_order(document), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _in_order(value, key: str | None = None):
    """``value`` with every unordered JSON-LD array (not an ``@list``, not the node list) sorted by JSON text."""
    if isinstance(value, dict):
        return {k: _in_order(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_in_order(item) for item in value]
        if key in ("@list", "@graph", None):
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL_FIRST = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#")


def rdfxml_bytes(graph: Writable) -> bytes:
    """RDF/XML by pyoxigraph with typed node elements (``<owl:Class rdf:about=...>``), which pronto and Protégé's
    own files use. pyoxigraph names a subject's element after its first triple when that is an ``rdf:type``, so
    each subject's triples are ordered with its element type first: the first OWL/RDFS/RDF type (owl:Class,
    owl:NamedIndividual ...), else its first type; the rest stay ``rdf:type`` lines. Every triple is written
    (0.25-0.75 s from the shipped graph's canonical triples, the writer itself 0.03 s, where rdflib's writer and a
    rewrite of its ``rdf:Description`` blocks took 3 s).
    """
    ordered: list[tuple] = []
    triples = _canonical(graph)
    start = 0
    while start < len(triples):
        end = start
        while end < len(triples) and triples[end][0] == triples[start][0]:
            end += 1
        block = triples[start:end]
        types = [i for i, t in enumerate(block) if str(t[1]) == _RDF_TYPE and isinstance(t[2], URIRef)]
        if types:
            chosen = next((i for i in types if str(block[i][2]).startswith(_OWL_FIRST)), types[0])
            block = [block[chosen], *block[:chosen], *block[chosen + 1:]]
        ordered.extend(block)
        start = end
    return ox.serialize([ox.Triple(*(ox_term(term) for term in t)) for t in ordered], format=ox.RdfFormat.RDF_XML,
                        prefixes=dict(PREFIXES))


__all__ = ["FORMAT_EXTENSIONS", "canonical", "canonical_triples", "ntriples_bytes", "jsonld_bytes", "ox_term", "rdfxml_bytes",
           "serialize_bytes", "turtle_bytes"]
