"""The ``oncograph`` command line: a thin layer over :class:`KnowledgeGraph`.

Errors the user can act on, click's usage errors included, are printed on
stderr in one style (``error: ...``) with the exit code the error carries
(2 for unusable input, 3 for a query stopped at its time limit).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from . import __version__
from .errors import OncographError, clip
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
      oncograph validate my-patterns.ttl
      oncograph build --out dist

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
                           $XDG_CACHE_HOME/oncograph or ~/.cache/oncograph)
      ONCOGRAPH_REASONER   'owlrl' forces the pure-Python OWL RL reasoner
                           (default: HermiT when Java is on PATH)
    """


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder to write the release into.")
@click.option("--sources", "sources_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Ontology folder to build from (default: the shipped one).")
def build(out_dir: Path, sources_dir: Path | None) -> None:
    """Build the release: load, reason, validate, OWL check, write every artefact, round-trip check, publish.

    Artefacts in OUT: oncograph-base.* (asserted) and oncograph-full.* (reasoned) as Turtle, N-Triples, JSON-LD
    and RDF/XML (.owl); oncograph.ttl (= full); oncograph.sssom.tsv; stats.tsv; answers/*.csv; release-report.md.

    \b
    Examples:
      oncograph build
      oncograph build --out /tmp/release --sources my-ontology/
    """
    from .build import build_release  # imported here: only building needs rdflib, owlready2 and pySHACL

    def show(name: str, seconds: float, detail: str) -> None:
        click.echo(f"  {name:<11} {seconds:7.2f} s  {detail}", err=True)

    click.echo("building the release:", err=True)
    result = _or_fail(lambda: build_release(sources_dir, out_dir, on_step=show))
    click.echo(f"wrote {len(result.files)} files to {result.out_dir} "
               f"({result.asserted_triples} asserted + {result.inferred_triples} inferred triples)")
    width = max(len(name) for name in result.class_counts)
    click.echo("members by class (subclasses and inferences included):")
    for name, count in result.class_counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people; json, or turtle (the SHACL validation report) for programs.")
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check the graph against the SHACL shapes and QC queries.

    With no PATHS, validates the project's own sources. With PATHS (Turtle data files), validates exactly the
    entities those files define, against oncograph's ontology and shapes, with the shipped data as context.
    Exit code 0: conforms; 1: violations; 2: unusable input.

    \b
    Examples:
      oncograph validate
      oncograph validate my-patterns.ttl --format json
    """
    report = _or_fail(lambda: KnowledgeGraph.from_sources().validate(list(paths) or None))
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
def run_query(name: str, pairs: tuple[str, ...], fmt: str) -> None:
    """Run the saved query NAME (see `oncograph queries`).

    \b
    Examples:
      oncograph query cancers-metastasizing-to --param site="adrenal glands"
      oncograph query treatment-options -p cancer="lung cancer" -p stage="stage 4B"
      oncograph query metastasis-sites-of -p cancer=DOID:1612 --format csv
    """
    params = _parse_params(pairs)
    result = _or_fail(lambda: KnowledgeGraph.from_sources().query(name, **params))
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
def run_sparql(query_or_file: str, fmt: str, timeout: float, max_rows: int) -> None:
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
    """
    text = _or_fail(lambda: read_query_argument(query_or_file, sys.stdin.buffer))
    result = _or_fail(lambda: KnowledgeGraph.from_sources().sparql(
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
              help="File to write (written atomically); standard output when omitted.")
def export(fmt: str, full: bool, output: Path | None) -> None:
    """Write the graph in one RDF format, deterministically.

    \b
    Examples:
      oncograph export > oncograph-base.ttl
      oncograph export --full --format xml -o oncograph-full.owl
    """
    from .atomic import write_atomic
    from .build import release_date, with_version_iri
    from .serialize import serialize_bytes

    kg = _or_fail(KnowledgeGraph.from_sources)
    graph = _or_fail(lambda: with_version_iri(kg.graph if full else kg.asserted, "full" if full else "base",
                                              release_date(kg.asserted)))
    data = serialize_bytes(graph, {"jsonld": "json-ld"}.get(fmt, fmt))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output} ({len(graph)} triples)", err=True)


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
    """Import a published release (read from a local file, never the network) into an ontology module."""


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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="oncograph")


__all__ = ["cli", "main"]
