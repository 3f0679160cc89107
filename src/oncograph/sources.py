"""Reading the curated sources (Turtle files and the SSSOM mapping table) into one graph.

Every read error is turned into a :class:`SourceFileError` naming the file and
line, because curators edit these files by hand and need to find the mistake.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import curies
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import SourceFileError
from .namespaces import PREFIXES
from .sourceset import SourceSet

#: The mapping predicates a curator may use in the SSSOM table.
MAPPING_PREDICATES = frozenset({"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch"})
SSSOM_REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


def read_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file (into ``into`` if given); an empty or malformed file raises :class:`SourceFileError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        # rdflib's own line count (exc.lines) drifts on some errors; the character offset does not
        line = text.count("\n", 0, exc._i) + 1 if isinstance(exc._i, int) else exc.lines + 1
        raise SourceFileError(path, f"Turtle syntax error: {exc._why}", line=line) from exc
    except Exception as exc:  # rdflib raises plain exceptions for some bad terms
        raise SourceFileError(path, f"Turtle error: {exc}") from exc
    if len(graph) == 0:
        raise SourceFileError(path, "the file holds no triples; a Turtle source must state at least one fact")
    if into is None:
        return graph
    into += graph
    return into


def read_sssom(path: Path) -> Graph:
    """Turn an SSSOM/TSV table into mapping triples (subject, predicate, object).

    The table's own ``curie_map`` header is used to expand CURIEs, so a curator can
    add a new target vocabulary without touching code.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc
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


def load_sources(sources: SourceSet) -> Graph:
    """Merge every source file into one rdflib graph with our prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    for path in (sources.tbox, *sources.data):
        read_turtle(path, into=graph)
    if sources.mappings is not None:
        graph += read_sssom(sources.mappings)
    for path in sources.imports:
        if path.suffix == ".ttl":
            read_turtle(path, into=graph)
        else:
            graph += read_sssom(path)
    if sources.evidence:  # after the Turtle: the tables name cancers and sites that it declares
        from .evidence_tables import read_evidence

        graph += read_evidence(sources.evidence, graph)
    declare_individuals(graph)
    return graph


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


__all__ = ["SourceSet", "declare_individuals", "load_sources", "read_sssom", "read_turtle"]
