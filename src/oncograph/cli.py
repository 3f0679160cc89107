"""The ``oncograph`` command line: a thin layer over :class:`KnowledgeGraph`.

Errors the user can act on are printed on stderr as one message with the
exit code the error carries (2 for unusable input).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build import DEFAULT_OUT, build_release
from .errors import OncographError
from .graph import KnowledgeGraph


def _fail(error: OncographError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oncograph")
def cli() -> None:
    """oncograph: a sourced knowledge graph of metastatic (stage 4) cancer. Not medical advice."""


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder to write the release into.")
@click.option("--sources", "sources_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Ontology folder to build from (default: the shipped one).")
def build(out_dir: Path, sources_dir: Path | None) -> None:
    """Merge ontology, data and mappings, check them with owlready2, and write OUT/oncograph.ttl."""
    try:
        kg = KnowledgeGraph.from_sources(sources_dir)
        result = build_release(kg, out_dir)
    except OncographError as error:
        _fail(error)
        return
    click.echo(f"wrote {result.path} ({result.triples} triples)")
    click.echo(f"owlready2 loaded it: {result.owl.classes} classes, {result.owl.object_properties} object properties, "
               f"{result.owl.data_properties} data properties, {result.owl.individuals} individuals")
    width = max(len(name) for name in result.class_counts)
    click.echo("members by class (subclasses included):")
    for name, count in result.class_counts.items():
        click.echo(f"  {name:<{width}}  {count:>4}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="oncograph")


__all__ = ["cli", "main"]
