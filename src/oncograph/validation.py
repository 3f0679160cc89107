"""Validation: SHACL shapes (pySHACL) plus QC report queries, as one report curators can act on.

Each problem names its severity, the entity (label and IRI), the property, what
was expected, and the file and line where the entity is defined. QC queries
follow the ROBOT/Mondo convention: ``*-violation.rq`` fails, the others warn.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pyshacl
from pyshacl.entrypoints import meta_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from .atomic import write_atomic
from .errors import OncographError
from .locate import Location, SubjectLocator
from .namespaces import ONTOLOGY_IRI, PREFIXES, compact
from .release.owl_profile import owl2_datatype_problems
from .resources import ontology_dir
from .serialize import ntriples_bytes
from .shacl_sparql import add_rule_results, lift_sparql_constraints
from .sources import declare_individuals, rdflib_term, read_sssom, read_turtle
from .sourceset import SourceSet

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

SH = Namespace("http://www.w3.org/ns/shacl#")
QC_SHAPE = "https://w3id.org/oncograph/qc/"
SEVERITIES = ("Violation", "Warning", "Info")
#: A QC query whose header has this line runs on the asserted triples only (it checks what curators wrote).
_ASSERTED_ONLY = re.compile(r"^#\s*graph:\s*asserted\s*$", re.MULTILINE)
_OUR_IRI = re.compile(r"<?(https://w3id\.org/oncograph/(?:resource/|ontology#)[\w\-]+)>?")


class ShapesError(OncographError):
    """The shapes graph itself does not conform to SHACL's shapes for shapes."""


@dataclass(frozen=True)
class Problem:
    """One finding of a shape or QC query."""

    severity: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    check: str
    location: str | None

    def to_text(self) -> str:
        node = self.focus if self.focus.startswith("_:") else f"<{self.focus}>"
        entity = f"{self.focus_label} {node}" if self.focus_label else node
        where = f" [{self.location}]" if self.location else ""
        prop = f" {self.path}:" if self.path else ""
        return f"{self.severity.upper()}: {entity}{prop} {self.message}{where}"


@dataclass
class ValidationReport:
    """Problems found, and the SHACL report graph (QC findings included as sh:ValidationResult)."""

    problems: list[Problem]
    report_graph: Graph = field(repr=False)

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "Violation"]

    @property
    def exit_code(self) -> int:
        """pySHACL's convention: 0 conforms, 1 violations."""
        return 0 if self.conforms else 1

    def to_text(self) -> str:
        lines = [p.to_text() for p in self.problems]
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(f"{verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "violations": len(self.violations), "warnings": len(self.warnings),
             "problems": [asdict(p) for p in self.problems]},
            indent=2, ensure_ascii=False,
        )

    def to_turtle(self) -> str:
        from .serialize import serialize_bytes

        return serialize_bytes(self.report_graph, "turtle").decode("utf-8")

    def render(self, fmt: str) -> str:
        return {"text": self.to_text, "json": self.to_json, "turtle": self.to_turtle}[fmt]()


def load_shapes(path: Path) -> Graph:
    """Read the shapes and check them against SHACL's own shapes for shapes (meta-SHACL).

    The check costs 3-4 s of pySHACL and depends only on the file's bytes and pySHACL's version, so a
    passed check is remembered in the cache folder under those (an edited file or another pySHACL is
    checked again); failures are never remembered.
    """
    from .cache import check_marker

    shapes = read_turtle(path)
    marker = check_marker(Path(path).read_bytes(), "pyshacl")
    if not marker.exists():
        check_shapes(shapes, path)
        try:
            write_atomic(marker, b"conforms\n")
        except OSError:
            pass  # a read-only cache folder only costs the check next time
    return shapes


def check_shapes(shapes: Graph, path: Path) -> None:
    """Raise :class:`ShapesError` unless ``shapes`` conform to SHACL's shapes for shapes (always runs pySHACL)."""
    conforms, _, text = meta_validate(shapes, inference="none")
    if not conforms:
        raise ShapesError(f"{path}: the shapes do not conform to the SHACL shapes for shapes:\n{text}")


def validate_graph(
    data: Graph | None,
    shapes: Graph,
    qc_queries: tuple[Path, ...] = (),
    locator: SubjectLocator | None = None,
    only: set[str] | None = None,
    store: ox.Store | None = None,
    asserted: ox.Store | None = None,
    extra: tuple[Problem, ...] = (),
    engine: str = "fast",
) -> ValidationReport:
    """Validate ``data`` with the shapes and QC queries; keep only problems about ``only`` if given.

    ``engine="fast"`` evaluates the core constraints over the whole graph on pyoxigraph (``shacl_core.py``),
    falling back to pySHACL for shapes it does not handle; ``engine="pyshacl"`` always runs pySHACL (the
    reference the fast engine is tested against).

    ``store`` is ``data`` already loaded into pyoxigraph (a KnowledgeGraph has one), for the QC queries;
    ``data`` may then be ``None``: the fast engine reads the store, and an rdflib copy is made only if
    pySHACL has to run (mutation tests edit a store copy this way instead of copying an rdflib graph);
    ``asserted`` holds only the curated triples, for the QC queries marked ``# graph: asserted`` (without
    it, ``data`` counts as asserted). ``extra`` problems (inconsistencies) are reported whatever ``only`` says.
    """
    core_shapes, rules = lift_sparql_constraints(shapes)
    if store is None:
        if data is None:
            raise ValueError("validate_graph needs the data as an rdflib graph, a pyoxigraph store or both")
        store = _store(data)
    results = _core_results(data, core_shapes, store, engine)
    add_rule_results(results, rules, store)
    for query_path in qc_queries:
        _add_qc_results(results, store, query_path, asserted or store)
    labels = _Labels(store)
    problems = sorted(
        {p for p in _problems(results, labels, locator) if only is None or p.focus in only} | set(extra),
        key=lambda p: (SEVERITIES.index(p.severity), Location.sort_key(p.location), p.focus, p.path or "", p.message),
    )
    _set_conforms(results, problems)
    return ValidationReport(problems, results)


ENGINES = ("fast", "pyshacl")


def _core_results(data: Graph | None, core_shapes: Graph, store: ox.Store, engine: str) -> Graph:
    """The SHACL report graph of the core constraints, by the fast engine or by pySHACL."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "fast":
        from .shacl_core import CoreValidator, Unsupported, new_report

        try:
            results = new_report()
            CoreValidator(core_shapes, store, data).validate(results)
            return results
        except Unsupported as unsupported:  # a shape this engine does not evaluate: pySHACL checks them all
            import sys

            print(f"oncograph: the fast SHACL engine does not evaluate {unsupported}; pySHACL checks every core "
                  "shape instead (same problems, slower)", file=sys.stderr)
    if data is None:
        data = _graph(store)
    _, results, text = pyshacl.validate(
        data, shacl_graph=core_shapes, inference="none", allow_warnings=True, advanced=True, meta_shacl=False,
    )
    if not isinstance(results, Graph):  # pySHACL reports an unusable shapes graph this way
        raise ShapesError(f"pySHACL could not apply the shapes: {text}")
    return results


def _add_qc_results(results: Graph, store: ox.Store, query_path: Path, asserted: ox.Store) -> None:
    severity = SH.Violation if query_path.stem.endswith("-violation") else SH.Warning
    shape = URIRef(QC_SHAPE + query_path.stem)
    report = next(results.subjects(RDF.type, SH.ValidationReport))
    text = query_path.read_text(encoding="utf-8")
    for row in (asserted if _ASSERTED_ONLY.search(text) else store).query(text, prefixes=PREFIXES):
        result = BNode()
        results.add((report, SH.result, result))
        results.add((result, RDF.type, SH.ValidationResult))
        results.add((result, SH.focusNode, rdflib_term(row["entity"])))
        results.add((result, SH.resultSeverity, severity))
        results.add((result, SH.sourceShape, shape))
        results.add((result, SH.resultMessage, Literal(row["message"].value)))
        path = _optional(row, "path")
        value = _optional(row, "value")
        if path is not None:
            results.add((result, SH.resultPath, URIRef(path.value)))
        if value is not None:
            results.add((result, SH.value, rdflib_term(value)))


def _optional(row: ox.QuerySolution, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


class _Labels:
    """Labels of entities, for messages people can read."""

    def __init__(self, store: ox.Store) -> None:
        self._labels = {
            r["s"].value if isinstance(r["s"], ox.NamedNode) else f"_:{r['s'].value}": r["l"].value
            for r in store.query("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", prefixes=PREFIXES)
        }

    def get(self, iri: str) -> str | None:
        return self._labels.get(iri)

    def humanise(self, message: str) -> str:
        """Replace our IRIs in a message by their labels."""
        return _OUR_IRI.sub(lambda m: f"'{self._labels[m.group(1)]}'" if m.group(1) in self._labels else m.group(0), message)


def _problems(results: Graph, labels: _Labels, locator: SubjectLocator | None):
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = str(results.value(result, SH.resultMessage) or "does not conform")
        shape = results.value(result, SH.sourceShape)
        focus_iri = str(focus) if isinstance(focus, URIRef) else f"_:{focus}"
        location = locator.find(focus_iri) if locator else None
        yield Problem(
            severity=severity,
            focus=focus_iri,
            focus_label=labels.get(focus_iri),
            path=compact(str(path)) if isinstance(path, URIRef) else (None if path is None else "(complex path)"),
            value=None if value is None else str(value),
            message=labels.humanise(message),
            check=compact(str(shape)) if isinstance(shape, URIRef) else "shape",
            location=str(location) if location else None,
        )


def _set_conforms(results: Graph, problems: list[Problem]) -> None:
    report = next(results.subjects(RDF.type, SH.ValidationReport))
    results.set((report, SH.conforms, Literal(not any(p.severity == "Violation" for p in problems))))


def _sources_of(kg: KnowledgeGraph) -> SourceSet:
    return kg.sources or SourceSet.in_folder(ontology_dir())


def validate_sources(kg: KnowledgeGraph, engine: str = "fast") -> ValidationReport:
    """Validate the graph loaded from ``kg.sources`` (the project's own files by default)."""
    sources = _sources_of(kg)
    locator = SubjectLocator.from_files(sources.all_files(), PREFIXES)
    # The graph is read from the hub's pyoxigraph stores only: an rdflib copy of it (4.7 s at 55k triples, minutes
    # at a million) is made only if pySHACL has to run.
    return validate_graph(None, load_shapes(sources.shapes), sources.qc_queries, locator, store=kg.store,
                          asserted=kg.asserted_store, engine=engine)


def validate_files(kg: KnowledgeGraph, paths: list[Path], engine: str = "fast") -> ValidationReport:
    """Validate exactly the entities defined in ``paths``, as the build would see them.

    The files' entities (named or blank) replace what the shipped data files say about them; the
    shipped cross-references stay, the rest of the graph is context for references, and the merged
    graph is reasoned again, so a file is checked with the inferences and the consistency check of
    a build (an unchanged shipped file reuses the shipped inferences). Only problems about entities
    defined in the given files are reported, plus any inconsistency, wherever it lands.
    """
    from .reasoning import InconsistentGraphError, disjointness_clashes, reason

    sources = _sources_of(kg)
    given = Graph()
    locator = SubjectLocator.from_files(list(paths), PREFIXES)
    blanks: set[BNode] = set()
    for path in paths:
        one = read_turtle(path)
        for subject in set(one.subjects()):
            if isinstance(subject, BNode):  # a blank node has no line of its own: its file is named
                blanks.add(subject)
                locator.locations[f"_:{subject}"] = Location(path, None)
        given += one
    defined = {s for s in given.subjects() if isinstance(s, URIRef)}
    asserted = _replace_entities(kg.asserted, given, defined, read_sssom(sources.mappings) if sources.mappings else Graph())
    asserted_store = _store(asserted)
    clashes = disjointness_clashes(asserted_store)
    extra = _clash_problems(clashes, asserted_store, SubjectLocator.from_files([*paths, *sources.all_files()], PREFIXES))
    extra += tuple(Problem("Violation", ONTOLOGY_IRI, None, None, None, problem, "owl:datatype-map", None)
                   for problem in owl2_datatype_problems(asserted_store))  # the build's OWL 2 DL check
    inferred = Graph()
    if not clashes:
        if len(asserted) == kg.asserted_count and ntriples_bytes(asserted) == kg.asserted_ntriples:
            inferred = kg.inferred  # the same graph (canonical N-Triples: rdflib's isomorphism test took seconds)
        else:
            try:
                inferred = reason(asserted).inferred
            except InconsistentGraphError as exc:
                extra += (Problem("Violation", ONTOLOGY_IRI, None, None, None, str(exc), "owl:consistency", None),)
    data = Graph()
    data += asserted
    data += inferred
    only = {str(s) for s in defined} | {f"_:{b}" for b in blanks}
    return validate_graph(data, load_shapes(sources.shapes), sources.qc_queries, locator, only=only,
                          asserted=asserted_store, extra=extra, engine=engine)


def _replace_entities(shipped: Graph, given: Graph, defined: set[URIRef], mappings: Graph) -> Graph:
    """``shipped`` without what it says about ``defined`` (mappings excepted), plus ``given``, with declarations."""
    merged = Graph()
    dropped_blanks: list[BNode] = []
    for triple in shipped:
        subject, _, obj = triple
        if subject in defined and triple not in mappings:
            if isinstance(obj, BNode):
                dropped_blanks.append(obj)
            continue
        merged.add(triple)
    while dropped_blanks:  # nested blank nodes (lists, restrictions) go with the statement that held them
        node = dropped_blanks.pop()
        for triple in list(merged.triples((node, None, None))):
            merged.remove(triple)
            if isinstance(triple[2], BNode):
                dropped_blanks.append(triple[2])
    merged += given
    declare_individuals(merged)
    return merged


def _clash_problems(clashes: list, store: ox.Store, locator: SubjectLocator) -> tuple[Problem, ...]:
    """Disjointness clashes as violations: the build would refuse them, so validation reports them."""
    labels = _Labels(store)
    problems = []
    for clash in clashes:
        location = locator.find(str(clash.entity))
        problems.append(Problem("Violation", str(clash.entity), labels.get(str(clash.entity)), "rdf:type", None,
                                clash.message, "owl:disjointness", str(location) if location else None))
    return tuple(problems)


def _graph(store: ox.Store) -> Graph:
    """The default graph of ``store`` as an rdflib graph (through N-Triples, which keeps blank-node labels)."""
    graph = Graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


def _store(graph: Graph) -> ox.Store:
    """``graph`` in pyoxigraph; ``extend`` keeps blank-node labels (``bulk_load`` renames them), so findings
    about a blank-node entity map back to it."""
    store = ox.Store()
    store.extend(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return store


__all__ = ["ENGINES", "Problem", "ShapesError", "ValidationReport", "check_shapes", "load_shapes", "validate_files", "validate_graph", "validate_sources"]
