"""Deterministic writing of RDF files.

rdflib labels blank nodes at random on every parse, so the same sources could
serialise in a different order from one run to the next. Relabelling blank nodes
canonically first (RDF graph canonicalisation, as rdflib.compare implements it)
makes the same input give byte-identical files. Only the triples that hold a blank
node are canonicalised: the labels depend on nothing else, and rdflib's algorithm
over the whole graph cost 4 s a call on the shipped 25k triples (8 calls a build).
N-Triples are written by pyoxigraph (sorted lines); Turtle, RDF/XML with typed
node elements and compact JSON-LD stay with rdflib, which pyoxigraph 0.5 cannot
produce in those forms.
"""

from __future__ import annotations

import json
import re

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


def _ox_triples(graph: Graph) -> list[ox.Triple]:
    return [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in canonical_triples(graph)]


def ntriples_bytes(graph: Graph) -> bytes:
    """Sorted canonical N-Triples, written by pyoxigraph (one triple a line, no blank lines)."""
    triples = _ox_triples(graph)
    if not triples:
        return b""
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle written by pyoxigraph from the sorted canonical triples (subjects grouped with ``;``).

    pyoxigraph writes the prefix lines in hash order, so they are sorted; the rest follows the input order.
    Used for releases and exports: rdflib's pretty writer took 2 s on the shipped graph and a minute at 1M triples.
    """
    data = ox.serialize(_ox_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    head, body = [], []
    for line in data.splitlines(keepends=True):
        (head if line.startswith(b"@prefix ") and not body else body).append(line)
    return b"".join(sorted(head)) + b"".join(body)


def serialize_bytes(graph: Graph, rdf_format: str = "turtle", *, pretty: bool = False) -> bytes:
    """Serialise deterministically: canonical blank nodes, then sorted lines for N-Triples.

    Turtle and N-Triples are written by pyoxigraph; ``pretty=True`` gives rdflib's Turtle instead
    (nested blank nodes and lists, for files people review, such as import modules).
    JSON-LD is compacted with our prefixes as its ``@context``; RDF/XML uses typed node elements.
    """
    if rdf_format == "nt":
        return ntriples_bytes(graph)
    if rdf_format == "turtle" and not pretty:
        return turtle_bytes(graph)
    if rdf_format == "json-ld":
        data = canonical(graph).serialize(format="json-ld", encoding="utf-8", context=dict(PREFIXES), auto_compact=True)
        document = json.loads(data)  # rdflib emits nodes in store order; sort them by @id
        nodes = document["@graph"] if isinstance(document, dict) and "@graph" in document else document
        if isinstance(nodes, list):
            nodes.sort(key=lambda node: node.get("@id", ""))
        data = (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    else:
        data = canonical(graph).serialize(format=rdf_format, encoding="utf-8")
    if rdf_format == "xml":
        data = typed_nodes(data.decode("utf-8")).encode("utf-8")
    return data


_DESCRIPTION = re.compile(r'^  <rdf:Description ((?:rdf:about|rdf:nodeID)="[^"]*")>\n(.*?)^  </rdf:Description>\n',
                          re.MULTILINE | re.DOTALL)
_TYPE_LINE = re.compile(r'^    <rdf:type rdf:resource="([^"]*)"/>\n', re.MULTILINE)
_XMLNS = re.compile(r'^\s*xmlns:([A-Za-z_][\w.-]*)="([^"]*)"', re.MULTILINE)
_NCNAME = re.compile(r"[A-Za-z_][\w.-]*")
_OWL_FIRST = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#")


def typed_nodes(xml: str) -> str:
    """Rewrite rdflib's flat RDF/XML so each typed subject is a typed node element (``<owl:Class rdf:about=...>``).

    Tools such as pronto (and Protégé's own files) expect this form. rdflib's "pretty-xml" writer would give it,
    but it writes some OWL lists twice (a collection inline and again by node ID), so the graph it writes is not
    the graph we have; this rewrite only renames elements, so every triple stays. The type chosen for the element
    is the first OWL/RDFS/RDF one (owl:Class, owl:NamedIndividual ...), else the first; the rest stay rdf:type.
    """
    namespaces = sorted(((uri, prefix) for prefix, uri in _XMLNS.findall(xml[: xml.find(">\n", xml.find("<rdf:RDF"))])),
                        key=lambda pair: -len(pair[0]))

    def qname(iri: str) -> str | None:
        for uri, prefix in namespaces:
            if iri.startswith(uri) and _NCNAME.fullmatch(iri[len(uri):]):
                return f"{prefix}:{iri[len(uri):]}"
        return None

    def rewrite(block: re.Match[str]) -> str:
        identity, body = block.group(1), block.group(2)
        types = [(m, qname(m.group(1))) for m in _TYPE_LINE.finditer(body)]
        types = [(m, name) for m, name in types if name]
        if not types:
            return block.group(0)
        match, name = next(((m, n) for m, n in types if m.group(1).startswith(_OWL_FIRST)), types[0])
        rest = body[: match.start()] + body[match.end():]
        return f"  <{name} {identity}/>\n" if not rest else f"  <{name} {identity}>\n{rest}  </{name}>\n"

    return _DESCRIPTION.sub(rewrite, xml)


__all__ = ["FORMAT_EXTENSIONS", "canonical", "canonical_triples", "ntriples_bytes", "ox_term", "serialize_bytes", "turtle_bytes",
           "typed_nodes"]
