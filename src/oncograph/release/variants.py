"""The release's two variants as sorted canonical N-Triples, each naming itself in its version IRI.

``base`` is the curated sources as merged; ``full`` adds what the reasoner inferred. Both are built from the
N-Triples the hub keeps (already sorted, with canonical blank-node labels: inferred triples never hold a blank
node, so adding them leaves the labels canonical), by replacing two lines of the ontology header. No rdflib
graph is involved, which is what lets a million-triple graph be written in seconds.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import OncographError
from ..namespaces import ONTOLOGY_IRI

RELEASES_BASE = "https://w3id.org/oncograph/releases/"
_OWL = "http://www.w3.org/2002/07/owl#"
_VERSION_LINES = tuple(f"<{ONTOLOGY_IRI}> <{_OWL}{name}> ".encode() for name in ("versionIRI", "versionInfo"))


class MissingReleaseDateError(OncographError):
    """The ontology header states no owl:versionInfo, which dates the release."""

    exit_code = 1


def release_date(store: ox.Store) -> str:
    """The release date is the ontology's owl:versionInfo, not the clock: rebuilding gives the same bytes."""
    for quad in store.quads_for_pattern(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(_OWL + "versionInfo"), None):
        return quad.object.value
    raise MissingReleaseDateError(f"the ontology header <{ONTOLOGY_IRI}> has no owl:versionInfo date")


def version_iri(variant: str, date: str) -> str:
    """The version IRI of one variant of the release of ``date``."""
    return f"{RELEASES_BASE}{date}/oncograph-{variant}.owl"


def variant_ntriples(parts: list[bytes], variant: str, date: str) -> bytes:
    """The sorted union of ``parts`` (canonical N-Triples) with the header's version IRI and date set for ``variant``."""
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    header = ox.serialize([ox.Triple(ontology, ox.NamedNode(_OWL + "versionIRI"), ox.NamedNode(version_iri(variant, date))),
                           ox.Triple(ontology, ox.NamedNode(_OWL + "versionInfo"), ox.Literal(date))],
                          format=ox.RdfFormat.N_TRIPLES)
    # the parts are sorted and share no line (inferred triples are never asserted ones), so a list sorts in one
    # merge of runs; a set of 1.4 million lines cost seconds at a million triples
    lines = [line for part in parts for line in part.splitlines(keepends=True) if not line.startswith(_VERSION_LINES)]
    lines.extend(line for line in header.splitlines(keepends=True) if line.strip())
    return b"".join(sorted(lines))


__all__ = ["MissingReleaseDateError", "RELEASES_BASE", "release_date", "variant_ntriples", "version_iri"]
