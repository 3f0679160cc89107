"""Reading the curated sources (Turtle files and the SSSOM mapping table) into one graph.

Every read error is turned into a :class:`SourceFileError` naming the file and
line, because curators edit these files by hand and need to find the mistake.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import curies
import pyoxigraph as ox
import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from .errors import SourceFileError
from .namespaces import PREFIXES
from .sourceset import SourceSet
from .rdf_terms import OWL_CLASS, OWL_NAMED_INDIVIDUAL, RDF_TYPE

#: The mapping predicates a curator may use in the SSSOM table.
MAPPING_PREDICATES = frozenset({"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch"})
SSSOM_REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


#: Parsing into rdflib costs about 16 bytes of memory per byte of input, so inputs are capped by default.
MAX_INPUT_ENV = "ONCOGRAPH_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 50.0
_OX_POSITION = re.compile(r"^Parser error (?:at|between) line [^:]*: ")  # the position, given again in lineno/offset


def max_input_bytes() -> int:
    """The largest source file accepted: ``$ONCOGRAPH_MAX_INPUT_MB`` megabytes (default 50)."""
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_INPUT_MB
    except ValueError:
        raise SourceFileError(MAX_INPUT_ENV, f"must be a number of megabytes, not {raw!r}") from None
    return int(megabytes * 1_000_000)


def read_text(path: Path) -> str:
    """A source file's text (a UTF-8 BOM is dropped), refusing files above :func:`max_input_bytes`."""
    try:
        size, limit = path.stat().st_size, max_input_bytes()
        if size > limit:
            raise SourceFileError(path, f"is {size / 1e6:.1f} MB, above the {limit / 1e6:g} MB input limit (reading it "
                                        f"takes about 16 times its size in memory); raise the limit with "
                                        f"--max-input-mb or ${MAX_INPUT_ENV}")
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc


def parse_turtle(path: Path) -> list[ox.Quad]:
    """The triples of one Turtle file (as default-graph quads), parsed by pyoxigraph with blank nodes renamed apart from other files';
    an empty or malformed file raises :class:`SourceFileError`.

    pyoxigraph checks every IRI (rdflib accepts ``<not a iri>``, which then breaks pyoxigraph's load),
    refuses N3-only syntax, and reports errors with a public line and column.
    """
    text = read_text(path)
    try:
        quads = list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True))
    except SyntaxError as exc:
        reason = _OX_POSITION.sub("", exc.msg or str(exc))
        if reason in ("Unexpected end", "Unexpected end of file"):
            reason = "the file ends inside a statement (an object, a closing quote or the final '.' is missing)"
        raise SourceFileError(path, f"Turtle syntax error: {reason}", line=exc.lineno, column=exc.offset) from exc
    if not quads:
        raise SourceFileError(path, "the file holds no triples; a Turtle source must state at least one fact")
    return quads


def read_turtle(path: Path, into: Graph | None = None) -> Graph:
    """One Turtle file (:func:`parse_turtle`) as an rdflib graph, or added to ``into``."""
    graph = Graph() if into is None else into
    for quad in parse_turtle(path):
        graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return graph


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """A pyoxigraph term as the rdflib term rdflib's own Turtle parser would give (plain strings stay plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"RDF-star triple terms are not supported in source files: {term}")


def read_sssom(path: Path) -> Graph:
    """Turn an SSSOM/TSV table into mapping triples (subject, predicate, object).

    The table's own ``curie_map`` header is used to expand CURIEs, so a curator can
    add a new target vocabulary without touching code.
    """
    lines = read_text(path).splitlines(keepends=True)
    header = [line[1:] for line in lines if line.startswith("#")]
    body_start = len(header)
    try:
        meta = yaml.safe_load("".join(header)) or {}
    except yaml.YAMLError as exc:
        raise SourceFileError(path, f"the '#' metadata header is not valid YAML: {exc}") from exc
    prefix_map = {**PREFIXES, **(meta.get("curie_map") or {})}
    converter = curies.Converter.from_prefix_map(prefix_map)
    reader = csv.DictReader(io.StringIO("".join(lines[body_start:])), delimiter="\t")
    missing = [c for c in SSSOM_REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceFileError(path, f"missing column(s) {', '.join(missing)}", line=body_start + 1)
    graph = Graph()
    for row_number, row in enumerate(reader, start=body_start + 2):
        predicate = row["predicate_id"]
        if predicate not in MAPPING_PREDICATES:
            raise SourceFileError(
                path, f"predicate_id {predicate!r} is not one of {', '.join(sorted(MAPPING_PREDICATES))}", line=row_number
            )
        terms = []
        for column in ("subject_id", "predicate_id", "object_id"):
            curie = (row[column] or "").strip()
            iri = converter.expand(curie)
            if iri is None:
                raise SourceFileError(path, f"{column} {curie!r} has a prefix not in the curie_map", line=row_number)
            terms.append(URIRef(iri))
        graph.add((terms[0], terms[1], terms[2]))
    return graph


def merge_sources(sources: SourceSet) -> tuple[ox.Store, bytes]:
    """Merge every source file into one pyoxigraph store, and its triples as sorted canonical N-Triples (the
    build's and the first load's path).

    No rdflib graph of the whole is made: at a million triples, adding each parsed triple to rdflib took 30 s and
    gigabytes, where pyoxigraph holds them in a few seconds. The small tables (SSSOM, drug and evidence tables)
    are still read as rdflib graphs and added. The store's blank-node labels are the parser's (renamed per file);
    the N-Triples have canonical ones (``serialize.canonical_ntriples``).
    """
    from .serialize import canonical_ntriples, ox_quads

    store, parts = ox.Store(), []

    def add(quads: list[ox.Quad]) -> None:
        store.extend(quads)
        parts.append(ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES))

    for path in (sources.tbox, *sources.data):
        add(parse_turtle(path))
    if sources.mappings is not None:
        add(ox_quads(read_sssom(sources.mappings)))
    for path in sources.imports:
        add(parse_turtle(path) if path.suffix == ".ttl" else ox_quads(read_sssom(path)))
    if sources.drug_tables:
        from .ingest.drug_tables import load_drug_tables

        add(ox_quads(load_drug_tables(sources.drug_tables[0].parent)))
    if sources.evidence:  # after the Turtle: the tables name cancers and sites that it declares
        from .ingest.evidence_tables import read_evidence

        add(ox_quads(read_evidence(sources.evidence, store)))
    add(_individual_declarations(store))
    return store, canonical_ntriples(parts)


def load_sources(sources: SourceSet) -> Graph:
    """The merged sources (:func:`merge_sources`) as one rdflib graph with our prefixes bound."""
    from .serialize import ntriples_graph

    return ntriples_graph(merge_sources(sources)[1])


def _individual_declarations(store: ox.Store) -> list[ox.Quad]:
    """:func:`declare_individuals` for a store: owl:NamedIndividual for each named member of an OWL class (class
    by class: the SPARQL join of all types with the classes took 6-12 s at a million triples)."""
    default = ox.DefaultGraph()
    classes = {quad.subject for quad in store.quads_for_pattern(None, RDF_TYPE, OWL_CLASS, default)}
    members = {quad.subject for klass in classes for quad in store.quads_for_pattern(None, RDF_TYPE, klass, default)
               if isinstance(quad.subject, ox.NamedNode)}
    return [ox.Quad(member, RDF_TYPE, OWL_NAMED_INDIVIDUAL) for member in members]


def declare_individuals(graph: Graph) -> None:
    """Add the ``owl:NamedIndividual`` declarations OWL 2 DL asks for.

    Curators only write ``ogr:x a og:CancerType``; OWL tools (owlready2, Protege)
    need the declaration as well to see ``ogr:x`` as an individual, so the loader
    derives it instead of making every data file repeat it.
    """
    classes = set(graph.subjects(RDF.type, OWL.Class))
    for subject, klass in list(graph.subject_objects(RDF.type)):
        if klass in classes and isinstance(subject, URIRef):
            graph.add((subject, RDF.type, OWL.NamedIndividual))


__all__ = ["MAX_INPUT_ENV", "SourceSet", "declare_individuals", "load_sources", "merge_sources", "parse_turtle", "max_input_bytes", "read_sssom", "rdflib_term", "read_text", "read_turtle"]
