"""The ``oncograph`` command line: a thin layer over :class:`KnowledgeGraph`.

Errors the user can act on, click's usage errors included, are printed on
stderr in one style (``error: ...``) with the exit code the error carries
(2 for unusable input, 3 for a query stopped at its time limit).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from . import __version__
from .errors import OncographError, OutputError, clip
from .graph import KnowledgeGraph
from .query_input import read_query_argument
from .query_limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from .results import FORMATS, display_text

T = TypeVar("T")


def _fail(error: OncographError) -> NoReturn:
    click.echo(f"error: {display_text(str(error), keep_newlines=True)}", err=True)
    sys.exit(error.exit_code)


def _or_fail(action: Callable[[], T]) -> T:
    """Run ``action``; an error the user can act on ends the command with its message and exit code."""
    try:
        return action()
    except OncographError as error:
        _fail(error)


class _OncographGroup(click.Group):
    """A click group whose usage errors look like every other error: ``error: ...`` on stderr."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: ANN001
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            click.echo(f"error: {display_text(error.format_message())}", err=True)
            context = getattr(error, "ctx", None)
            if context is not None:
                click.echo(f"(see '{context.command_path} --help')", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_OncographGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oncograph")
def cli() -> None:
    """oncograph: a sourced knowledge graph of metastatic (stage 4) cancer. Not medical advice.

    \b
    Examples:
      oncograph query cancers-metastasizing-to --param site="adrenal glands"
      oncograph sparql 'SELECT ?c WHERE { ?c og:gradedRatherThanStaged true }'
      oncograph show "breast cancer"
      oncograph plot metastasis-sites "breast cancer" -o breast-sites.png
      oncograph validate my-patterns.ttl
      oncograph build --out dist
      oncograph serve --port 8000
      oncograph push --store http://localhost:7878/store

    \b
    Exit codes:
      0  success (validate: the data conforms; warnings are allowed)
      1  validate: violations found
      2  unusable input: a bad file, query, parameter, entity name or usage
      3  sparql: the query was stopped at its time limit (--timeout)
      130 interrupted (Ctrl-C)

    \b
    Environment:
      ONCOGRAPH_CACHE_DIR  folder of the merged-graph cache (default:
                           $XDG_CACHE_HOME/oncograph or ~/.cache/oncograph;
                           see `oncograph cache info`, `oncograph cache clear`)
      ONCOGRAPH_REASONER   'owlrl' forces the pure-Python OWL RL reasoner
                           (default: HermiT when Java is on PATH)
    """


def _max_input_option(command: Callable[..., None]) -> Callable[..., None]:
    """``--max-input-mb``: raise (or lower) the size limit on source files, as $ONCOGRAPH_MAX_INPUT_MB does."""

    def remember(_ctx: click.Context, _param: click.Parameter, value: float | None) -> None:
        if value is not None:
            from .sources import MAX_INPUT_ENV

            os.environ[MAX_INPUT_ENV] = str(value)  # read by the source reader, however deep

    return click.option("--max-input-mb", type=click.FloatRange(min=0, min_open=True), default=None, expose_value=False,
                        callback=remember, is_eager=True, metavar="MB",
                        help="Largest source file to read, in MB (default 50, or $ONCOGRAPH_MAX_INPUT_MB); "
                             "reading takes about 16 times a file's size in memory.")(command)


@cli.command()
@_max_input_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder to write the release into.")
@click.option("--sources", "sources_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Ontology folder to build from (default: the shipped one).")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Merge and reason afresh even when the cache holds these exact sources (the default reuses the "
                   "entry `oncograph query` reads; both give the same bytes).")
def build(out_dir: Path, sources_dir: Path | None, no_cache: bool) -> None:
    """Build the release: load, reason, validate, OWL check, docs, figures, write every artefact, round-trip check, publish.

    Artefacts in OUT: oncograph-base.* (asserted) and oncograph-full.* (reasoned) as Turtle, N-Triples, JSON-LD
    and RDF/XML (.owl); oncograph.ttl (= full); oncograph.sssom.tsv; stats.tsv; indications.csv; answers/*.csv; docs/ (pyLODE's
    ontology page and the data pages); figures/ (PNG and SVG); release-report.md; SHA256SUMS. OUT becomes a symlink to a versioned folder .OUT-<hash> beside it, switched in one rename, so
    readers see the old release or the new one. OUT may not be, contain or lie inside the sources folder.
    The merged, reasoned graph is taken from the cache when it holds these exact sources (every byte, the code and
    library versions and the reasoner are in its key) and put there otherwise; validation, checks and writing
    always run.

    \b
    Examples:
      oncograph build
      oncograph build --out /tmp/release --sources my-ontology/
      oncograph build --no-cache          # reason afresh
    """
    from .build import build_release  # imported here: only building needs rdflib, owlready2 and pySHACL
    from .release.interrupt import BuildInterrupted

    running: list[str] = []  # the step whose line is open

    def start(name: str) -> None:
        running.append(name)
        click.echo(f"  {name:<11} ", nl=False, err=True)  # the name shows while the step runs

    def show(name: str, seconds: float, detail: str) -> None:
        running.clear()
        again = f"\r  {name:<11} " if sys.stderr.isatty() else ""  # a progress bar may have overwritten the name
        click.echo(f"{again}{seconds:7.2f} s  {detail}", err=True)

    click.echo("building the release:", err=True)
    try:
        result = build_release(sources_dir, out_dir, on_step=show, on_start=start, use_cache=not no_cache)
    except (OncographError, KeyboardInterrupt) as error:
        if running:
            click.echo("failed", err=True)
        if isinstance(error, OncographError):
            _fail(error)
        signum = error.signum if isinstance(error, BuildInterrupted) else 2
        click.echo(f"error: the build was {error if isinstance(error, BuildInterrupted) else 'interrupted'}; "
                   "nothing was published", err=True)
        sys.exit(128 + signum)
    click.echo(f"wrote {len(result.files)} files to {result.out_dir} "
               f"({result.asserted_triples} asserted + {result.inferred_triples} inferred triples)")
    width = max(len(name) for name in result.class_counts)
    click.echo("members by class (subclasses and inferences included):")
    for name, count in result.class_counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")


@cli.command()
@_max_input_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people; json, or turtle (the SHACL validation report) for programs.")
@click.option("--sources", "sources_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Ontology folder to validate (default: the shipped one).")
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: core constraints over the whole graph on pyoxigraph; pyshacl: pySHACL (same report, slower).")
def validate(paths: tuple[Path, ...], fmt: str, sources_dir: Path | None, engine: str) -> None:
    """Check the graph against the SHACL shapes and QC queries.

    With no PATHS, validates the project's own sources. With PATHS (Turtle data files), validates exactly the
    entities those files define, against oncograph's ontology and shapes, with the shipped data as context.
    Exit code 0: conforms; 1: violations; 2: unusable input.

    \b
    Examples:
      oncograph validate
      oncograph validate my-patterns.ttl --format json
      oncograph validate --sources generated/ --engine pyshacl
    """
    report = _or_fail(lambda: KnowledgeGraph.from_sources(sources_dir).validate(list(paths) or None, engine=engine))
    click.echo(report.render(fmt))
    sys.exit(report.exit_code)


FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table for people; json, xml, csv or tsv (SPARQL 1.1 Query Results formats) for programs.",
)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{clip(pair)!r} is not KEY=VALUE", param_hint="--param")
        if key.strip() in params:
            raise click.BadParameter(f"{clip(key.strip())!r} is given twice; give each parameter once",
                                     param_hint="--param")
        params[key.strip()] = value
    return params


ENDPOINT_OPTION = click.option(
    "--endpoint", metavar="URL", default=None,
    help="Ask this SPARQL endpoint (e.g. a store `oncograph push` filled) instead of the local graph.")
GRAPH_OPTION = click.option(
    "--graph", metavar="IRI", default=None,
    help="With --endpoint: the named graph to query (sent as default-graph-uri), e.g. the one push reported.")


def _graph_for(endpoint: str | None, graph: str | None, timeout: float | None = DEFAULT_TIMEOUT):  # noqa: ANN202
    """The local graph, or with ``endpoint`` a remote one (its names resolved through the remote graph)."""
    if endpoint is None:
        if graph is not None:
            raise click.UsageError("--graph needs --endpoint")
        return KnowledgeGraph.from_sources()
    from . import connect

    return connect(endpoint, graph=graph, timeout=timeout)


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_queries(fmt: str) -> None:
    """List the saved queries with what they answer and their parameters.

    \b
    Examples:
      oncograph queries
      oncograph queries --format json
    """
    catalogue = KnowledgeGraph.catalogue_only()
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "description": q.description, "example": q.example,
             "parameters": [vars(p) for p in q.parameters]}
            for q in catalogue.values()
        ], indent=2))
        return
    for query in catalogue.values():
        click.echo(f"{query.name}: {query.title}")
        click.echo(f"    {query.description}")
        for p in query.parameters:
            need = "required" if p.required else (f"default {p.default!r}" if p.default else "optional")
            click.echo(f"    --param {p.name}=<{p.kind}> ({need}; e.g. {p.example!r})")
        click.echo(f"    example: {query.example}")


@cli.command("query")
@click.argument("name")
@click.option("--param", "-p", "pairs", multiple=True, metavar="KEY=VALUE",
              help="A parameter by name: a label, synonym, CURIE or IRI (repeatable).")
@FORMAT_OPTION
@ENDPOINT_OPTION
@GRAPH_OPTION
def run_query(name: str, pairs: tuple[str, ...], fmt: str, endpoint: str | None, graph: str | None) -> None:
    """Run the saved query NAME (see `oncograph queries`), here or on a remote SPARQL endpoint.

    \b
    Examples:
      oncograph query cancers-metastasizing-to --param site="adrenal glands"
      oncograph query treatment-options -p cancer="lung cancer" -p stage="stage 4B"
      oncograph query metastasis-sites-of -p cancer=DOID:1612 --format csv
      oncograph query metastasis-sites-of -p cancer="lung cancer" --endpoint http://localhost:7878/query \\
          --graph https://w3id.org/oncograph/releases/2026-11-24/oncograph-full.owl
    """
    params = _parse_params(pairs)
    result = _or_fail(lambda: _graph_for(endpoint, graph).query(name, **params))
    click.echo(result.render(fmt), nl=False)


@cli.command("similar-profiles")
@click.argument("cancer")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True, metavar="N",
              help="Show the N most alike cancer types; 0 for all.")
@FORMAT_OPTION
def similar_profiles_command(cancer: str, limit: int, fmt: str) -> None:
    """Cancer types whose metastasis profiles are most alike CANCER's (cosine similarity of per-site percentages).

    A type's profile is the mean percentage per site of its numeric observations; a type without numbers of its
    own is compared through its nearest broader type that has some (profileOf). For a cancer of unknown primary,
    ask with the type whose sites of spread you see.

    \b
    Examples:
      oncograph similar-profiles "gastric cancer"
      oncograph similar-profiles NSCLC --limit 5 --format csv
    """
    result = _or_fail(lambda: KnowledgeGraph.from_sources().similar_metastasis_profiles(cancer, limit=limit or None))
    click.echo(result.render(fmt), nl=False)


@cli.command("sparql")
@click.argument("query_or_file")
@FORMAT_OPTION
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Stop the query after this many seconds (exit code 3); 0 for no limit.")
@click.option("--max-rows", type=click.IntRange(min=0), default=DEFAULT_MAX_ROWS, show_default=True, metavar="N",
              help="Keep at most N rows (a notice on stderr says the answer was cut); 0 for no cap.")
@ENDPOINT_OPTION
@GRAPH_OPTION
def run_sparql(query_or_file: str, fmt: str, timeout: float, max_rows: int, endpoint: str | None,
               graph: str | None) -> None:
    """Run a read-only SPARQL SELECT query given as text, as a file path, or - for standard input.

    Prefixes og:, ogr:, rdfs:, skos:, dcterms:, owl:, xsd: and the cross-reference prefixes are predeclared.
    The query is parsed first: SERVICE, LOAD and updates are refused. An argument with a brace is the query
    itself; without one it is a file path (if it has no spaces, or such a file exists).

    \b
    Examples:
      oncograph sparql 'SELECT ?c WHERE { ?c og:gradedRatherThanStaged true }'
      oncograph sparql my-query.rq --format csv
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | oncograph sparql -
      oncograph sparql big.rq --timeout 120 --max-rows 0 --format tsv
      oncograph sparql my-query.rq --endpoint http://localhost:7878/query
    """
    text = _or_fail(lambda: read_query_argument(query_or_file, sys.stdin.buffer))
    result = _or_fail(lambda: _graph_for(endpoint, graph, timeout or None).sparql(
        text, timeout=timeout or None, max_rows=max_rows or None))
    click.echo(result.render(fmt), nl=False)
    if result.truncated:
        click.echo(f"warning: the answer was cut at {max_rows} rows (--max-rows); "
                   "add LIMIT or filters, or raise --max-rows (0 for no cap)", err=True)


@cli.command("show")
@click.argument("entity")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def show(entity: str, fmt: str) -> None:
    """Show a card of ENTITY (label, synonym, CURIE or IRI): everything the graph says about it.

    \b
    Examples:
      oncograph show "breast cancer"
      oncograph show UBERON:0002369 --format json
    """
    card = _or_fail(lambda: KnowledgeGraph.from_sources().describe(entity))
    click.echo(json.dumps(card.to_dict(), indent=2, ensure_ascii=False) if fmt == "json"
               else display_text(card.to_text(), keep_newlines=True))


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "xml"]), default="turtle", show_default=True,
              help="xml is RDF/XML, which Protege and owlready2 read.")
@click.option("--full", is_flag=True, help="Include the reasoner's inferences (default: asserted facts only, the 'base').")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write: a regular file is replaced atomically (symlinks followed, mode from the umask); "
                   "a device or pipe such as /dev/stdout is written directly. Standard output when omitted.")
def export(fmt: str, full: bool, output: Path | None) -> None:
    """Write the graph in one RDF format, deterministically.

    \b
    Examples:
      oncograph export > oncograph-base.ttl
      oncograph export --full --format xml -o oncograph-full.owl
    """
    from .atomic import write_atomic
    from .rdf_writers import from_ntriples

    kg = _or_fail(KnowledgeGraph.from_sources)
    ntriples = _or_fail(lambda: kg.release_ntriples("full" if full else "base"))
    data = from_ntriples(ntriples, {"jsonld": "json-ld"}.get(fmt, fmt))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        try:
            write_atomic(output, data)
        except OSError as error:
            _fail(OutputError.from_os_error(error, str(output)))
        triples = ntriples.count(b"\n")
        click.echo(f"wrote {output} ({triples} triples)", err=True)


@cli.command("plot")
@click.argument("kind", type=click.Choice(["metastasis-sites", "drugs-timeline"]))
@click.argument("cancer")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Image file to write (atomically): .png or .svg.")
@click.option("--format", "image_format", type=click.Choice(["png", "svg"]), default=None,
              help="Image format (default: from the extension of --output).")
def plot(kind: str, cancer: str, output: Path, image_format: str | None) -> None:
    """Draw a figure of one CANCER type (label, synonym, code, CURIE or IRI) into an image file.

    metastasis-sites: where the cancer spreads, one bar per site and study (the percentages as published, a colour
    per study). drugs-timeline: the cancer's drug approvals by date, a colour per regulator. A cancer without such
    data in the graph is an error (exit 2), as is an unknown cancer (with "did you mean").

    \b
    Examples:
      oncograph plot metastasis-sites "breast cancer" -o breast-sites.png
      oncograph plot metastasis-sites NSCLC -o nsclc.svg
      oncograph plot drugs-timeline "lung cancer" -o lung-drugs.png
    """
    from .atomic import write_atomic
    from .errors import ArgumentError

    chosen = image_format or output.suffix.lower().lstrip(".")
    if chosen not in ("png", "svg"):
        _fail(ArgumentError(f"{output}: cannot tell the image format from the extension; use .png or .svg, or --format"))
    kg = _or_fail(KnowledgeGraph.from_sources)
    data = _or_fail(lambda: kg.plot(kind, cancer, chosen))
    try:
        write_atomic(output, data)
    except OSError as error:
        _fail(OutputError.from_os_error(error, str(output)))
    click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@cli.command("map-codes")
@click.argument("table", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "vocabulary", type=click.Choice(["oncotree", "ncit", "doid", "mondo"]), required=True,
              help="The vocabulary of the codes in the column.")
@click.option("--column", default=None, help="The column holding the codes (default: ONCOTREE_CODE, oncotree_code, CANCER_TYPE_CODE or code).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (atomically); standard output when omitted.")
def map_codes_command(table: Path, vocabulary: str, column: str | None, output: Path | None) -> None:
    """Add our cancer type (IRI, label, main type, tissue) to each row of a CSV or TSV of codes.

    \b
    Examples:
      oncograph map-codes data_clinical_sample.tsv --from oncotree --column ONCOTREE_CODE -o mapped.tsv
      oncograph map-codes cohort.csv --from ncit --column ncit

    Unknown or ambiguous codes are listed on stderr and left blank; every row is kept. Exit 0.
    """
    from .map_codes import map_codes

    kg = _or_fail(KnowledgeGraph.from_sources)
    report = _or_fail(lambda: map_codes(table, kg.store, kg.index, vocabulary, column))
    for code, why in sorted(report.problems.items()):
        click.echo(f"not mapped: {code!r} ({why})", err=True)
    click.echo(f"mapped {report.mapped} of {report.rows} rows", err=True)
    if output is None:
        click.echo(report.text, nl=False)
    else:
        from .atomic import write_atomic

        write_atomic(output, report.text.encode("utf-8"))


@cli.group("import")
def import_group() -> None:
    """Import a published release (read from a local file, never the network) into an ontology module.

    \b
    Examples:
      oncograph import oncotree oncotree_2025_10_03.json
      oncograph import oncotree oncotree_2025_10_03.json --out /tmp/oncotree.ttl
    """


@import_group.command("oncotree")
@click.argument("tree_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Module to write (default: ontology/imports/oncotree.ttl); its SSSOM tables go beside it.")
@click.option("--mondo", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Mondo's mondo_exactmatch_ncit.sssom.tsv: MONDO IDs through the NCIt codes of the tree.")
@click.option("--doid", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The Disease Ontology's DOreports/NCIinDO.tsv: DOIDs through the NCIt codes of the tree.")
@click.option("--mondo-doid", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Mondo's mondo_exactmatch_doid.sssom.tsv: records where Mondo and DO disagree.")
def import_oncotree_command(tree_file: Path, out: Path | None, mondo: Path | None, doid: Path | None,
                            mondo_doid: Path | None) -> None:
    """Turn an OncoTree release (trees/oncotree_YYYY_MM_DD.json of cBioPortal/oncotree) into a Turtle module.

    \b
    Examples:
      oncograph import oncotree oncotree_2025_10_03.json
      oncograph import oncotree oncotree_2025_10_03.json --mondo mondo_exactmatch_ncit.sssom.tsv \\
          --doid NCIinDO.tsv --mondo-doid mondo_exactmatch_doid.sssom.tsv

    Writes OUT (one cancer type per node), OUT's .sssom.tsv (ONCOTREE, NCIt, UMLS codes from the file) and, with
    --mondo/--doid, OUT's -chained.sssom.tsv. A malformed file exits 2 naming the node and field; nothing is written.
    """
    from .ingest.oncotree import import_oncotree
    from .resources import ontology_dir

    target = out or ontology_dir() / "imports" / "oncotree.ttl"
    summary = _or_fail(lambda: import_oncotree(tree_file, target, mondo, doid, mondo_doid))
    click.echo(f"imported {summary.types} OncoTree types into {target}", err=True)
    for name, count in sorted(summary.xrefs.items()):
        click.echo(f"  {name:<22} {count:>5}", err=True)
    if summary.skipped:
        click.echo(f"  not imported: {len(summary.skipped)} codes that are not well-formed, e.g. {summary.skipped[0]}", err=True)
    for line in summary.disagreements:
        click.echo(f"  recorded: {line}", err=True)


@cli.group("cache")
def cache_group() -> None:
    """The cache of the merged, reasoned graph that makes later commands fast.

    It lives in $ONCOGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/oncograph, else ~/.cache/oncograph. Entries are keyed
    by every source byte, the code and the library versions, and checked on load; clearing only costs one slow run.

    \b
    Examples:
      oncograph cache info
      oncograph cache clear
    """


@cache_group.command("info")
def cache_info() -> None:
    """Show where the cache lives, and its entries and size."""
    from .cache import cache_dir, cache_files, library_versions

    files = cache_files()
    click.echo(f"cache folder: {cache_dir()}")
    click.echo(f"entries: {sum(1 for p in files if p.suffixes == ['.json'])} ({len(files)} files, "
               f"{sum(p.stat().st_size for p in files)} bytes)")
    click.echo("libraries in the key: " + ", ".join(f"{k} {v}" for k, v in library_versions().items()))


@cache_group.command("clear")
def cache_clear() -> None:
    """Remove every cache entry (the next command merges and reasons again)."""
    from .cache import cache_dir, clear_cache

    removed, freed = clear_cache()
    click.echo(f"removed {removed} files ({freed} bytes) from {cache_dir()}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Stop an ad-hoc query after this many seconds (its worker is killed; 503); 0 for no limit.")
@click.option("--max-rows", type=click.IntRange(min=0), default=DEFAULT_MAX_ROWS, show_default=True, metavar="N",
              help="Keep at most N rows or triples of an ad-hoc query; 0 for no cap.")
@click.option("--max-body", type=click.IntRange(min=1), default=64 * 1024, show_default=True, metavar="BYTES",
              help="Largest request body or query accepted (413 beyond).")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True,
              help="Ad-hoc queries run at once (each in its own process); more wait their turn.")
def serve_command(host: str, port: int, timeout: float, max_rows: int, max_body: int, workers: int) -> None:
    """Serve the reasoned graph over HTTP until Ctrl-C: a read-only SPARQL endpoint and linked-data pages.

    \b
    /sparql                 SPARQL 1.1 Protocol (GET, POST form, POST application/sparql-query);
                            without a query: the service description
    /queries, /queries/NAME the saved queries (JSON) and their answers (?param=value)
    /resource/ID, /ontology entity pages: HTML, Turtle or JSON-LD by the Accept header
    /                       the query page (saved queries with name completion, SPARQL, table, chart)

    \b
    Examples:
      oncograph serve
      oncograph serve --port 8080 --timeout 10 --max-rows 5000
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/metastasis-sites-of?cancer=lung%20cancer'
    """
    from .http.server import ServiceSettings, serve
    from .query_limits import QueryLimits

    limits = _or_fail(lambda: QueryLimits(timeout or None, max_rows or None))
    kg = _or_fail(KnowledgeGraph.from_sources)
    settings = ServiceSettings(limits=limits, max_body=max_body, workers=workers)
    serve(kg.store, kg.index, kg.catalogue, host=host, port=port, settings=settings,
          on_ready=f"oncograph: serving {len(kg.store)} triples at http://{host}:{port}/ (SPARQL: /sparql); Ctrl-C stops")


@cli.command("push")
@click.option("--store", "store_url", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL (Oxigraph: http://HOST:7878/store).")
@click.option("--graph", metavar="IRI", default=None,
              help="Named graph to fill (default: the full release's version IRI, one graph per release).")
@click.option("--replace", is_flag=True, help="Overwrite the graph if it already holds triples.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=5000, show_default=True, metavar="TRIPLES",
              help="Triples per request.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="SECONDS",
              help="Time allowed for each request.")
def push_command(store_url: str, graph: str | None, replace: bool, chunk_size: int, timeout: float) -> None:
    """Upload the reasoned graph into a triple store (SPARQL 1.1 Graph Store HTTP Protocol), then count it there.

    \b
    Examples:
      oncograph push --store http://localhost:7878/store
      oncograph push --store http://localhost:3030/oncograph/data --replace
      oncograph push --store http://localhost:7878/store --graph https://example.org/graphs/oncograph
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .http.push import push

    kg = _or_fail(KnowledgeGraph.from_sources)
    with Progress(TextColumn("uploading"), BarColumn(), MofNCompleteColumn(), TextColumn("triples"),
                  console=_stderr_console(), transient=False) as progress:
        task = progress.add_task("push", total=len(kg.store))
        report = _or_fail(lambda: push(kg.store, store_url, graph, replace=replace, chunk_size=chunk_size,
                                       timeout=timeout, on_progress=lambda sent, _: progress.update(task, completed=sent)))
    click.echo(f"pushed {report.triples} triples in {report.chunks} chunks into <{report.graph}> at {report.store}; "
               f"the store holds {report.remote_triples} triples in that graph")


def _stderr_console():  # noqa: ANN202 - rich is imported only by push
    from rich.console import Console

    return Console(stderr=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="oncograph")


__all__ = ["cli", "main"]
