"""Deterministic, atomic writing of RDF files.

rdflib labels blank nodes at random on every parse, so the same sources could
serialise in a different order from one run to the next. Relabelling blank nodes
canonically first (RDF graph canonicalisation, as rdflib.compare implements it)
makes the same input give byte-identical files.
"""

from __future__ import annotations

import json
import re

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
    """Serialise deterministically: canonical blank nodes, then sorted lines for N-Triples.

    JSON-LD is compacted with our prefixes as its ``@context``; RDF/XML uses typed node elements.
    """
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
    if rdf_format == "nt":
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        data = ("\n".join(lines) + "\n").encode("utf-8")
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


__all__ = ["FORMAT_EXTENSIONS", "canonical", "serialize_bytes", "typed_nodes"]
