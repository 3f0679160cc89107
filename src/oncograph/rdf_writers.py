"""Writing sorted canonical N-Triples as Turtle, RDF/XML and JSON-LD, with pyoxigraph alone.

Every release file and export is written from the hub's N-Triples (``serialize.ntriples_bytes`` and
``serialize.canonical_ntriples`` make them). This module imports neither rdflib nor anything that does, because
the build's worker processes run it in a fresh interpreter per file: importing rdflib and the source readers
took 0.4 of the 0.5 s each worker spent starting.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox

from .namespaces import PREFIXES

#: File extension of each serialisation format we publish (rdflib's format names, which the CLI also takes).
FORMAT_EXTENSIONS = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "xml": "owl"}


def from_ntriples(ntriples: bytes, rdf_format: str) -> bytes:
    """``ntriples`` (sorted, canonical blank-node labels: :func:`ntriples_bytes`) in ``rdf_format``, by pyoxigraph.

    No rdflib graph is built, and no list of the triples: pyoxigraph's parser feeds its writer as a stream (a
    list of 1.4 million parsed triples took 6 s and a gigabyte to make). Blank-node labels are kept as they are
    (they are canonical already), so the same triples always give the same bytes.
    """
    writers = {"nt": lambda data: data, "turtle": _turtle, "xml": _rdfxml, "json-ld": _jsonld}
    if rdf_format not in writers:
        raise ValueError(f"cannot write {rdf_format!r} from N-Triples; choose one of {', '.join(FORMAT_EXTENSIONS)}")
    return writers[rdf_format](ntriples)


def _triples(ntriples: bytes) -> Iterator[ox.Triple]:
    return (quad.triple for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))


def _turtle(ntriples: bytes) -> bytes:
    """pyoxigraph writes the prefix lines in hash order, so they are sorted; the rest follows the input order.
    Used for releases and exports: rdflib's pretty writer took 2 s on the shipped graph and a minute at 1M triples."""
    data = ox.serialize(_triples(ntriples), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    head, body = [], []
    for line in data.splitlines(keepends=True):
        (head if line.startswith(b"@prefix ") and not body else body).append(line)
    return b"".join(sorted(head)) + b"".join(body)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _jsonld(ntriples: bytes) -> bytes:
    """Compacted JSON-LD with our prefixes as ``@context``, one node object per subject in the input's order: IRIs
    as CURIEs, ``rdf:type`` as ``@type``, plain strings as strings and one-value arrays as the value, as JSON-LD
    compaction with a prefix-only context does. Nothing is added or lost: the build re-reads the file with
    pyoxigraph's JSON-LD parser and compares triples.

    The node objects are made here from the sorted triples (a subject's are contiguous), the same objects as
    compacting pyoxigraph's expanded output gave, without that 1.5-gigabyte document at a million triples; and
    one node object a line, because ``json`` writes indented output with its pure-Python encoder, which took
    most of the 13 s this writer needed there. rdflib's compacting writer took 2.8 s per shipped variant.
    """
    curie = _Compactor()
    lines = []
    node: dict[str, list] = {}
    subject = None
    for triple in _triples(ntriples):
        if triple.subject != subject:
            if subject is not None:
                lines.append(_node_line(subject, node, curie))
            subject, node = triple.subject, {}
        node.setdefault(triple.predicate.value, []).append(triple.object)
    if subject is not None:
        lines.append(_node_line(subject, node, curie))
    context = json.dumps(dict(PREFIXES), indent=2, ensure_ascii=False, sort_keys=True).replace("\n", "\n  ")
    graph = ",\n    ".join(lines)
    return f'{{\n  "@context": {context},\n  "@graph": [\n    {graph}\n  ]\n}}\n'.encode("utf-8")


def _node_line(subject: ox.NamedNode | ox.BlankNode, values: dict[str, list], curie: _Compactor) -> str:
    out: dict[str, object] = {"@id": _node_id(subject, curie)}
    for predicate, objects in values.items():
        if predicate == _RDF_TYPE and all(isinstance(o, ox.NamedNode) for o in objects):
            out["@type"] = _one([curie(o.value) for o in objects])
        else:
            out[curie(predicate)] = _one([_json_value(o, curie) for o in objects])
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def _node_id(term: ox.NamedNode | ox.BlankNode, curie: _Compactor) -> str:
    return curie(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _json_value(term: ox.NamedNode | ox.BlankNode | ox.Literal, curie: _Compactor) -> object:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term, curie)}
    if term.language:
        return {"@language": term.language, "@value": term.value}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@type": curie(term.datatype.value), "@value": term.value}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _one(values: list) -> object:
    return values[0] if len(values) == 1 else values


#: JSON-LD 1.1 uses a context entry as a CURIE prefix only when its IRI ends with one of these (a plain
#: ``"DOID": ".../obo/DOID_"`` entry is not a prefix, and ``DOID:5593`` would read back as an IRI of scheme DOID).
_GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")


class _Compactor:
    """IRI -> CURIE with the longest of our namespaces it starts with (kept as the IRI when none fits, when the
    namespace cannot be a JSON-LD prefix, or when the rest would start with ``//``); remembered, since IRIs repeat."""

    def __init__(self) -> None:
        self._namespaces = sorted(((ns, prefix) for prefix, ns in PREFIXES.items() if ns.endswith(_GEN_DELIMS)),
                                  key=lambda item: -len(item[0]))
        self._seen: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self._seen.get(iri)
        if found is None:
            found = iri
            if not iri.startswith("_:"):
                for namespace, prefix in self._namespaces:
                    if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
                        found = f"{prefix}:{iri[len(namespace):]}"
                        break
            self._seen[iri] = found
        return found


_OWL_FIRST = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#")


_TYPE_PREDICATE = f"<{_RDF_TYPE}> ".encode()
_OWL_FIRST_OBJECTS = tuple(f"<{namespace}".encode() for namespace in _OWL_FIRST)


def _rdfxml(ntriples: bytes) -> bytes:
    """RDF/XML by pyoxigraph with typed node elements (``<owl:Class rdf:about=...>``), which pronto and Protégé's
    own files use. pyoxigraph names a subject's element after its first triple when that is an ``rdf:type``, so
    each subject's lines (contiguous: the input is sorted) are ordered with its element type first: the first
    OWL/RDFS/RDF type (owl:Class, owl:NamedIndividual ...), else its first type; the rest stay ``rdf:type`` lines.
    The lines are reordered as bytes, before parsing, so no list of parsed triples is made.
    """
    lines = ntriples.splitlines(keepends=True)
    ordered: list[bytes] = []
    start = 0
    while start < len(lines):
        subject = lines[start][:lines[start].index(b" ") + 1]
        end = start + 1
        while end < len(lines) and lines[end].startswith(subject):
            end += 1
        block = lines[start:end]
        types = [i for i, line in enumerate(block) if _type_object(line, subject).startswith(b"<")]
        if types:
            chosen = next((i for i in types if _type_object(block[i], subject).startswith(_OWL_FIRST_OBJECTS)), types[0])
            block = [block[chosen], *block[:chosen], *block[chosen + 1:]]
        ordered.extend(block)
        start = end
    return ox.serialize(_triples(b"".join(ordered)), format=ox.RdfFormat.RDF_XML, prefixes=dict(PREFIXES))


def _type_object(line: bytes, subject: bytes) -> bytes:
    """The object of ``line`` if it is an ``rdf:type`` line of ``subject`` (with its trailing `` .``), else b""."""
    head = subject + _TYPE_PREDICATE
    return line[len(head):] if line.startswith(head) else b""


__all__ = ["FORMAT_EXTENSIONS", "from_ntriples"]
