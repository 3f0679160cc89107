"""The ``oncograph`` command line: a thin layer over :class:`KnowledgeGraph`.

Errors the user can act on are printed on stderr as one message with the
exit code the error carries (2 for unusable input).
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
from .errors import OncographError
from .graph import KnowledgeGraph
from .results import FORMATS

T = TypeVar("T")


def _fail(error: OncographError) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


def _or_fail(action: Callable[[], T]) -> T:
    """Run ``action``; an error the user can act on ends the command with its message and exit code."""
    try:
        return action()
    except OncographError as error:
        _fail(error)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oncograph")
def cli() -> None:
    """oncograph: a sourced knowledge graph of metastatic (stage 4) cancer. Not medical advice."""


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
def build(out_dir: Path, sources_dir: Path | None) -> None:
    """Build the release: load, reason, validate, OWL check, write every artefact, round-trip check, publish.

    Artefacts in OUT: oncograph-base.* (asserted) and oncograph-full.* (reasoned) as Turtle, N-Triples, JSON-LD
    and RDF/XML (.owl); oncograph.ttl (= full); oncograph.sssom.tsv; stats.tsv; answers/*.csv; release-report.md.
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
@_max_input_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people; json, or turtle (the SHACL validation report) for programs.")
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check the graph against the SHACL shapes and QC queries.

    With no PATHS, validates the project's own sources. With PATHS (Turtle data files), validates exactly the
    entities those files define, against oncograph's ontology and shapes, with the shipped data as context.
    Exit code 0: conforms; 1: violations; 2: unusable input.
    """
    report = _or_fail(lambda: KnowledgeGraph.from_sources().validate(list(paths) or None))
    click.echo(report.render(fmt))
    sys.exit(report.exit_code)


FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table for people; json (SPARQL 1.1 Query Results JSON), csv or tsv for programs.",
)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        params[key.strip()] = value
    return params


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_queries(fmt: str) -> None:
    """List the saved queries with what they answer and their parameters."""
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
    """Run the saved query NAME (see `oncograph queries`)."""
    params = _parse_params(pairs)
    result = _or_fail(lambda: KnowledgeGraph.from_sources().query(name, **params))
    click.echo(result.render(fmt))


@cli.command("sparql")
@click.argument("query_or_file")
@FORMAT_OPTION
def run_sparql(query_or_file: str, fmt: str) -> None:
    """Run a read-only SPARQL SELECT query given as text or as a file path (- for stdin).

    Prefixes og:, ogr:, rdfs:, skos:, dcterms:, owl:, xsd: and the cross-reference prefixes are predeclared.
    SERVICE, LOAD and updates are refused.
    """
    if query_or_file == "-":
        text = sys.stdin.read()
    elif Path(query_or_file).is_file():
        text = Path(query_or_file).read_text(encoding="utf-8")
    else:
        text = query_or_file
    result = _or_fail(lambda: KnowledgeGraph.from_sources().sparql(text))
    click.echo(result.render(fmt))


@cli.command("show")
@click.argument("entity")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def show(entity: str, fmt: str) -> None:
    """Show a card of ENTITY (label, synonym, CURIE or IRI): everything the graph says about it."""
    card = _or_fail(lambda: KnowledgeGraph.from_sources().describe(entity))
    click.echo(json.dumps(card.to_dict(), indent=2, ensure_ascii=False) if fmt == "json" else card.to_text())


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "xml"]), default="turtle", show_default=True,
              help="xml is RDF/XML, which Protege and owlready2 read.")
@click.option("--full", is_flag=True, help="Include the reasoner's inferences (default: asserted facts only, the 'base').")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (written atomically); standard output when omitted.")
def export(fmt: str, full: bool, output: Path | None) -> None:
    """Write the graph in one RDF format, deterministically."""
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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="oncograph")


__all__ = ["cli", "main"]
