"""``oncograph build``: the release pipeline, ODK style.

load → reason → validate → OWL check → write → round-trip check → publish.
Every artefact is written into a temporary folder beside the output folder,
re-read and compared with the in-memory graph, and only then renamed into
place, so a failed build leaves the previous release intact. Nothing in the
artefacts depends on the clock, so the same sources give the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from .errors import OncographError
from .graph import KnowledgeGraph
from .namespaces import ONTOLOGY_IRI, PREFIXES
from .owl_check import OwlSummary, load_with_owlready
from .reasoning import reason
from .release.evidence_csv import metastasis_evidence_csv
from .serialize import FORMAT_EXTENSIONS, serialize_bytes
from .sources import load_sources
from .sourceset import SourceSet
from .validation import ValidationReport

DEFAULT_OUT = Path("dist")
RELEASE_FILE = "oncograph.ttl"
RELEASES_BASE = "https://w3id.org/oncograph/releases/"

StepCallback = Callable[[str, float, str], None]


class BuildError(OncographError):
    """A build step failed; nothing was published."""

    exit_code = 1


class BuildValidationError(BuildError):
    """The graph has SHACL or QC violations, so no release is written."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"the graph does not validate, nothing was written:\n{report.to_text()}")


@dataclass
class BuildResult:
    """What a build wrote, what it contained, and how long each step took."""

    out_dir: Path
    files: list[Path]
    asserted_triples: int
    inferred_triples: int
    class_counts: dict[str, int]
    owl: OwlSummary
    validation: ValidationReport
    reasoner: str
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.out_dir / RELEASE_FILE


def release_date(graph: Graph) -> str:
    """The release date is the ontology's owl:versionInfo, not the clock: rebuilding gives the same bytes."""
    value = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    if value is None:
        raise BuildError(f"the ontology header <{ONTOLOGY_IRI}> has no owl:versionInfo date")
    return str(value)


def with_version_iri(graph: Graph, variant: str, date: str) -> Graph:
    """A copy of ``graph`` whose version IRI names its release variant (base or full) and date."""
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace, override=True)
    out += graph
    ontology = URIRef(ONTOLOGY_IRI)
    out.set((ontology, OWL.versionIRI, URIRef(f"{RELEASES_BASE}{date}/oncograph-{variant}.owl")))
    out.set((ontology, OWL.versionInfo, Literal(date)))
    return out


def build_release(folder: Path | None = None, out_dir: Path = DEFAULT_OUT, on_step: StepCallback | None = None) -> BuildResult:
    """Run the whole pipeline and publish the release into ``out_dir``."""
    from .resources import ontology_dir

    steps: list[tuple[str, float]] = []

    def step(name: str, action: Callable[[], object], detail: Callable[[object], str] = lambda _: "") -> object:
        start = time.perf_counter()
        value = action()
        elapsed = time.perf_counter() - start
        steps.append((name, elapsed))
        if on_step:
            on_step(name, elapsed, detail(value))
        return value

    sources = SourceSet.in_folder(Path(folder) if folder else ontology_dir())
    asserted: Graph = step("load", lambda: load_sources(sources), lambda g: f"{len(g)} asserted triples")
    reasoning = step("reason", lambda: reason(asserted), lambda r: f"{len(r.inferred)} inferred triples by {r.reasoner}"
                     + (f"; {r.notice}" if r.notice else ""))
    kg = KnowledgeGraph.from_graphs(asserted, reasoning.inferred, sources, reasoning.reasoner)
    report: ValidationReport = step("validate", kg.validate,
                                    lambda r: f"{len(r.violations)} violations, {len(r.warnings)} warnings")
    if not report.conforms:
        raise BuildValidationError(report)
    owl: OwlSummary = step("owl check", lambda: load_with_owlready(kg.graph),
                           lambda o: f"owlready2 loaded {o.classes} classes, {o.individuals} individuals")
    date = release_date(asserted)
    variants = {"base": with_version_iri(kg.asserted, "base", date), "full": with_version_iri(kg.graph, "full", date)}
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=out_dir.parent))
    try:
        written: dict[str, bytes] = step("write", lambda: _write_artefacts(staging, kg, variants, report, date, sources),
                                         lambda w: f"{len(w)} files")
        step("round-trip", lambda: _round_trip(staging, variants), lambda n: f"{n} RDF files re-read as isomorphic graphs")
        step("publish", lambda: _publish(staging, out_dir, written), lambda _: f"into {out_dir}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out_dir, [out_dir / name for name in written], len(kg.asserted), len(kg.inferred),
                       kg.class_counts(), owl, report, reasoning.reasoner, steps)


def _write_artefacts(folder: Path, kg: KnowledgeGraph, variants: dict[str, Graph], report: ValidationReport,
                     date: str, sources: SourceSet) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for variant, graph in variants.items():
        for rdf_format, extension in FORMAT_EXTENSIONS.items():
            files[f"oncograph-{variant}.{extension}"] = serialize_bytes(graph, rdf_format)
    files[RELEASE_FILE] = files["oncograph-full.ttl"]
    if sources.mappings is not None:
        files["oncograph.sssom.tsv"] = sources.mappings.read_bytes()
    files["stats.tsv"] = _stats(kg).encode("utf-8")
    files["metastasis-evidence.csv"] = metastasis_evidence_csv(kg.store).encode("utf-8")
    for name, saved in kg.catalogue.items():
        if not any(p.required for p in saved.parameters):
            files[f"answers/{name}.csv"] = kg.query(name).to_csv().encode("utf-8")
    files["release-report.md"] = _report(kg, report, date, files).encode("utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return files


def _stats(kg: KnowledgeGraph) -> str:
    rows = ["kind\tname\tcount"]
    rows += [f"class\t{name}\t{count}" for name, count in kg.class_counts().items()]
    per_source = kg.sparql(
        "SELECT ?label (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s dcterms:source ?src . ?src rdfs:label ?label } GROUP BY ?label ORDER BY ?label"
    ).records()
    rows += [f"source\t{row['label']}\t{row['n']}" for row in per_source]
    rows += [f"triples\tasserted\t{len(kg.asserted)}", f"triples\tinferred\t{len(kg.inferred)}"]
    return "\n".join(rows) + "\n"


def _report(kg: KnowledgeGraph, report: ValidationReport, date: str, files: dict[str, bytes]) -> str:
    lines = [
        f"# oncograph release {date}",
        "",
        "Not medical advice. Code MIT; ontology and data CC BY 4.0.",
        "",
        f"- Asserted triples: {len(kg.asserted)}; inferred by {kg.reasoner}: {len(kg.inferred)}",
        f"- Validation: {len(report.violations)} violations, {len(report.warnings)} warnings (QC reports)",
        f"- Version IRIs: {RELEASES_BASE}{date}/oncograph-base.owl (asserted), {RELEASES_BASE}{date}/oncograph-full.owl (reasoned)",
        "",
        "## Files",
        "",
        "| File | Bytes | SHA-256 |",
        "|---|---|---|",
    ]
    lines += [f"| `{name}` | {len(data)} | `{hashlib.sha256(data).hexdigest()[:16]}` |" for name, data in sorted(files.items())]
    lines += ["", "## Members by class", "", "| Class | Members |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in kg.class_counts().items()]
    if report.warnings:
        lines += ["", "## QC warnings", ""] + [f"- {p.to_text()}" for p in report.warnings]
    return "\n".join(lines) + "\n"


_PARSE_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "owl": "xml"}


def _round_trip(folder: Path, variants: dict[str, Graph]) -> int:
    checked = 0
    for variant, graph in variants.items():
        for extension, rdf_format in _PARSE_FORMATS.items():
            path = folder / f"oncograph-{variant}.{extension}"
            reread = Graph().parse(path, format=rdf_format)
            if not isomorphic(reread, graph):
                raise BuildError(f"{path.name} does not re-read as the graph that was written")
            checked += 1
    return checked


def _publish(staging: Path, out_dir: Path, files: dict[str, bytes]) -> None:
    """Move every checked file into place by rename (atomic per file)."""
    for name in sorted(files):
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)


__all__ = ["BuildError", "BuildResult", "BuildValidationError", "DEFAULT_OUT", "RELEASE_FILE", "build_release"]
