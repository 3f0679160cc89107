"""``oncograph build``: the release pipeline, ODK style.

load → reason → validate → OWL check → docs → figures → write → round-trip check → publish, in the main
process; the Turtle, RDF/XML and JSON-LD files, their re-reading, the owlready2 load and the drawing of the
figures (from rows the main process takes from the graph) are done beside those
steps by worker processes (``release/workers.py``), and the steps wait for them where they used to do the work.
Every artefact is written into a staging folder beside the output folder, re-read and compared with the triples
it was written from; publishing then switches the output folder (a symlink) to it in one rename
(``release/publish.py``), so a failed or killed build leaves the previous release intact and readers never see a
mix. Nothing in the artefacts depends on the clock, so the same sources give the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from .errors import OncographError
from .figures.plots import ReleaseFigures, figure_rows
from .graph import KnowledgeGraph, member_counts
from .locate import Location
from .namespaces import ONTOLOGY_IRI, PREFIXES
from .owl_check import OwlSummary
from .progress import progress
from .release.interrupt import stop_on_signals
from .release.publish import staging_folder, writing
from .release.round_trip import PARSE_FORMATS
from .release.owl_profile import check_owl2_datatypes
from .release.variants import release_date, variant_ntriples, version_iri
from .release.workers import ReleaseWorkers, WrittenFile, release_workers
from .rdf_writers import FORMAT_EXTENSIONS
from .sources import read_turtle
from .release.evidence_csv import metastasis_evidence_csv
from .results import QueryResult
from .release.indications_csv import indications_csv
from .sourceset import SourceSet
from .validation import ValidationReport

DEFAULT_OUT = Path("dist")
RELEASE_FILE = "oncograph.ttl"
SUMS_FILE = "SHA256SUMS"  # sha256sum -c format: "<64 hex>  <name>" per line

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
    version_dir: Path | None = None  # the versioned folder ``out_dir`` points at

    @property
    def path(self) -> Path:
        return self.out_dir / RELEASE_FILE


def with_version_iri(graph: Graph, variant: str, date: str) -> Graph:
    """A copy of the rdflib ``graph`` whose version IRI names its release variant and date (for the TBox page; the
    release files themselves are written from N-Triples by ``release/variants.py``)."""
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace, override=True)
    out += graph
    ontology = URIRef(ONTOLOGY_IRI)
    out.set((ontology, OWL.versionIRI, URIRef(version_iri(variant, date))))
    out.set((ontology, OWL.versionInfo, Literal(date)))
    return out


def build_release(folder: Path | None = None, out_dir: Path = DEFAULT_OUT, on_step: StepCallback | None = None,
                  on_start: Callable[[str], None] | None = None, use_cache: bool = True) -> BuildResult:
    """Run the whole pipeline and publish the release into ``out_dir`` (a symlink to a versioned folder).

    ``on_start(name)`` is called when a step begins, ``on_step(name, seconds, detail)`` when it ends.
    With ``use_cache`` the merged and reasoned graph comes from the cache when it holds these exact sources
    (the same entry ``oncograph query`` reads, keyed by every source byte, code and library version and the
    reasoner), and a fresh result is put there; ``use_cache=False`` always merges and reasons afresh. Either
    way the graph is validated, checked and written in full, and the two give the same bytes (tested).
    """
    from .resources import ontology_dir

    steps: list[tuple[str, float]] = []

    def step(name: str, action: Callable[[], object], detail: Callable[[object], str] = lambda _: "") -> object:
        if on_start:
            on_start(name)
        start = time.perf_counter()
        value = action()
        elapsed = time.perf_counter() - start
        steps.append((name, elapsed))
        if on_step:
            on_step(name, elapsed, detail(value))
        return value

    sources_folder = Path(folder) if folder else ontology_dir()
    sources = SourceSet.in_folder(sources_folder)
    # The out dir is checked, locked and given a staging folder before the slow steps run; the workers stop
    # before the staging folder is removed or published.
    with staging_folder(Path(out_dir), sources_folder) as (release, staging), stop_on_signals(), \
            release_workers() as workers:
        jobs: dict[str, AsyncResult] = {}  # release file -> its worker job (release/workers.py)
        kg = KnowledgeGraph.from_cache(sources) if use_cache else None
        if kg is not None:
            step("load", lambda: kg.asserted_count, lambda n: f"{n} asserted triples, from the cache")
            date = release_date(kg.store)
            variants = {"base": kg.release_ntriples("base")}
        else:
            merge = step("load", lambda: KnowledgeGraph.merge(sources), lambda m: f"{m.asserted_count} asserted triples")
            date = release_date(merge.store)
            variants = {"base": variant_ntriples([merge.asserted_ntriples], "base", date)}
        _queue_files(workers, staging, "base", variants["base"], jobs)  # written while this process reasons
        if kg is not None:
            step("reason", lambda: kg.inferred_count, lambda n: f"{n} inferred triples by {kg.reasoner}, from the cache "
                 "(--no-cache reasons afresh)")
        else:
            reasoning = step("reason", merge.reason, lambda r: f"{r.count} inferred triples by "
                             f"{r.reasoner}" + (f"; {r.notice}" if r.notice else ""))
            kg = merge.knowledge_graph(reasoning)
            del merge  # its store (1.4 million triples at 1M, the hub has its own) is not needed again
        # drawn by a worker while this process validates and documents; queued first, so a worker is free for it
        figures_job = workers.draw_figures(figure_rows(kg.query))
        variants["full"] = kg.release_ntriples("full")
        owl_job = workers.owl_load(variants["full"])  # done while this process validates, documents and draws
        _queue_files(workers, staging, "full", variants["full"], jobs)
        report: ValidationReport = step("validate", kg.validate,
                                        lambda r: f"{len(r.violations)} violations, {len(r.warnings)} warnings")
        if not report.conforms:
            raise BuildValidationError(report)
        owl: OwlSummary = step("owl check", lambda: _owl_check(kg, owl_job), lambda o: f"owlready2 loaded {o.classes} "
                               f"classes, {o.individuals} individuals (in a worker, beside validation)")
        pages: dict[str, bytes] = step("docs", lambda: _documentation(sources, kg, date),
                                       lambda d: f"{len(d)} pages; every TBox class and property documented")
        figures: ReleaseFigures = step("figures", figures_job.get, _figures_detail)

        def write() -> tuple[dict[str, bytes | WrittenFile], dict[str, int]]:
            answers = _no_parameter_answers(kg)
            counts = member_counts(answers["graph-statistics"])
            return _write_artefacts(staging, kg, variants, _written(jobs), report, date, sources, answers, counts,
                                    {**pages, **figures.files}), counts

        with writing(f"the release into {release.out}"):
            written, counts = step("write", write, lambda w: f"{len(w[0])} files ({len(jobs)} RDF files by the workers)")
            step("round-trip", lambda: _round_trip(staging, variants, written),
                 lambda n: f"{n} RDF files re-read as the triples written (in the workers, as they wrote them)")
            version = step("publish", lambda: release.publish(staging, {name: _sha256(data) for name, data in written.items()}),
                           lambda v: f"into {release.out} -> {v.name}")
        if use_cache:
            _remember(kg)
    return BuildResult(release.out, [release.out / name for name in written], kg.asserted_count, kg.inferred_count,
                       counts, owl, report, kg.reasoner, steps, version)


def _remember(kg: KnowledgeGraph) -> None:
    """Put a freshly reasoned, validated graph in the cache, so the next build and the first query skip the
    reasoner (an entry already there is left as it is; a cache folder that cannot be written costs only speed,
    as ``cache.write_cached`` says)."""
    from .cache import read_cached

    if read_cached(kg.cache_key(kg.sources)) is None:
        kg.write_cache()


def _documentation(sources: SourceSet, kg: KnowledgeGraph, date: str) -> dict[str, bytes]:
    """``docs/``: pyLODE's page of the TBox (stamped with the release's version IRI) and the data pages, checked."""
    from .release.docs import documentation

    return documentation(with_version_iri(read_turtle(sources.tbox), "full", date), kg.store, date)


def _figures_detail(figures: ReleaseFigures) -> str:
    return f"{len(figures.files)} files (drawn in a worker, beside validation)" + "".join(f"; skipped {notice}" for notice in figures.skipped)


def _queue_files(workers: ReleaseWorkers, staging: Path, variant: str, ntriples: bytes,
                 jobs: dict[str, AsyncResult]) -> None:
    """Give the workers one variant's Turtle, RDF/XML and JSON-LD files to write into ``staging`` and re-read."""
    for rdf_format, extension in FORMAT_EXTENSIONS.items():
        if rdf_format != "nt":
            name = f"oncograph-{variant}.{extension}"
            jobs[name] = workers.write(ntriples, rdf_format, staging / name)


def _written(jobs: dict[str, AsyncResult]) -> dict[str, WrittenFile]:
    """The workers' files, as each job ends (a failed job raises its error here)."""
    return {name: job.get() for name, job in progress(jobs.items(), len(jobs), "files")}


def _owl_check(kg: KnowledgeGraph, owl_job: AsyncResult) -> OwlSummary:
    """OWL 2 DL's datatype rules on the hub's store (0.9 s at 1M), then the worker's owlready2 load of the full
    variant. Raises :class:`~oncograph.release.owl_profile.OwlProfileError` or :class:`OwlLoadError`."""
    check_owl2_datatypes(kg.store)
    return owl_job.get()


def _sha256(data: bytes | WrittenFile) -> str:
    return data.sha256 if isinstance(data, WrittenFile) else hashlib.sha256(data).hexdigest()


def _size(data: bytes | WrittenFile) -> int:
    return data.size if isinstance(data, WrittenFile) else len(data)


def _write_artefacts(folder: Path, kg: KnowledgeGraph, variants: dict[str, bytes], rdf: dict[str, WrittenFile],
                     report: ValidationReport, date: str, sources: SourceSet, answers: dict[str, QueryResult],
                     counts: dict[str, int], extra: dict[str, bytes] | None = None) -> dict[str, bytes | WrittenFile]:
    """Write every artefact but the RDF files the workers wrote already (``rdf``); ``variants`` are the release
    variants' N-Triples, which are files too; ``answers`` (:func:`_no_parameter_answers`) are files and, with the
    class ``counts`` taken from them, feed the statistics and the report; ``extra`` (documentation pages, figures)
    joins them before the report and the sums."""
    files: dict[str, bytes | WrittenFile] = {f"oncograph-{variant}.nt": data for variant, data in variants.items()}
    coverage = answers["cross-reference-coverage"].records()
    files.update(rdf)
    shutil.copyfile(folder / "oncograph-full.ttl", folder / RELEASE_FILE)
    files[RELEASE_FILE] = files["oncograph-full.ttl"]
    if sources.mappings is not None:
        files["oncograph.sssom.tsv"] = sources.mappings.read_bytes()
    for table in sources.import_mappings:  # OncoTree's codes, and the DOID/MONDO IDs chained through NCIt
        files[f"mappings/{table.name}"] = table.read_bytes()
    files["stats.tsv"] = _stats(kg, counts, coverage).encode("utf-8")
    files["indications.csv"] = indications_csv(kg.store).encode("utf-8")
    files["metastasis-evidence.csv"] = metastasis_evidence_csv(kg.store).encode("utf-8")
    for name, answer in answers.items():
        files[f"answers/{name}.csv"] = answer.to_csv().encode("utf-8")
    files.update(extra or {})
    files["release-report.md"] = _report(kg, report, date, files, counts, coverage, sources).encode("utf-8")
    files[SUMS_FILE] = "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(files.items())).encode()
    for name, data in files.items():
        if isinstance(data, bytes):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    return files


def _no_parameter_answers(kg: KnowledgeGraph) -> dict[str, QueryResult]:
    """The answer of each saved query without a required parameter, run once per build: the answer files, the
    statistics, the report and the build's result all use them (graph-statistics ran four times, once per use,
    and cross-reference-coverage three: 0.6-1.4 s and 0.4 s a run at 1M)."""
    return {name: kg.query(name) for name, saved in kg.catalogue.items() if not any(p.required for p in saved.parameters)}


def _stats(kg: KnowledgeGraph, counts: dict[str, int], coverage: list[dict]) -> str:
    rows = ["kind\tname\tcount"]
    rows += [f"class\t{name}\t{count}" for name, count in counts.items()]
    per_source = kg.sparql(
        "SELECT ?label (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s dcterms:source ?src . ?src rdfs:label ?label } GROUP BY ?label ORDER BY ?label"
    ).records()
    rows += [f"source\t{row['label']}\t{row['n']}" for row in per_source]
    rows += [f"coverage\t{row['kind']} with {row['vocabulary']}\t{row['covered']} of {row['total']}"
             for row in coverage]
    rows += [f"triples\tasserted\t{kg.asserted_count}", f"triples\tinferred\t{kg.inferred_count}"]
    return "\n".join(rows) + "\n"


def _report(kg: KnowledgeGraph, report: ValidationReport, date: str, files: dict[str, bytes | WrittenFile],
            counts: dict[str, int], coverage: list[dict], sources: SourceSet) -> str:
    lines = [
        f"# oncograph release {date}",
        "",
        "Not medical advice. Code MIT; ontology and data CC BY 4.0.",
        "",
        f"- Asserted triples: {kg.asserted_count}; inferred by {kg.reasoner}: {kg.inferred_count}",
        f"- Validation: {len(report.violations)} violations, {len(report.warnings)} warnings (QC reports)",
        f"- Version IRIs: {version_iri('base', date)} (asserted), {version_iri('full', date)} (reasoned)",
        "",
        "## Files",
        "",
        f"Full SHA-256 sums of every file, this report included, are in `{SUMS_FILE}` (`sha256sum -c {SUMS_FILE}`).",
        "",
        "| File | Bytes |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {_size(data)} |" for name, data in sorted(files.items())]
    lines += ["", "## Members by class", "", "| Class | Members |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in counts.items()]
    lines += ["", "## Cross-reference coverage", "", "| Entities | Vocabulary | With a cross-reference | Of |", "|---|---|---|---|"]
    lines += [f"| {row['kind']} | {row['vocabulary']} | {row['covered']} | {row['total']} |"
              for row in coverage]
    if report.warnings:
        base = sources.tbox.parent.parent
        lines += ["", "## QC warnings", ""] + [
            f"- {dataclasses.replace(p, location=Location.relative_text(p.location, base)).to_text()}" for p in report.warnings]
    return "\n".join(lines) + "\n"


def _round_trip(folder: Path, variants: dict[str, bytes], written: dict[str, bytes | WrittenFile]) -> int:
    """The workers re-read each file they wrote (``release/round_trip.py``); the N-Triples files are read back
    here and must hold exactly the variants' bytes."""
    names = [f"oncograph-{variant}.{extension}" for variant in variants for extension in PARSE_FORMATS]
    for name in names:
        data = written[name]
        same = data.same_as_written if isinstance(data, WrittenFile) else (folder / name).read_bytes() == data
        if not same:
            raise BuildError(f"{name} does not re-read as the graph that was written")
    return len(names)


__all__ = ["BuildError", "BuildResult", "BuildValidationError", "DEFAULT_OUT", "RELEASE_FILE", "build_release"]
