"""Reading the curated metastasis-evidence tables into graph nodes.

Published site-by-primary numbers are tables, and curators copy them as tables: one row per study in
``ontology/evidence/studies.tsv`` and one row per (primary, site, number) in
``ontology/evidence/metastasis-observations.tsv``. This module turns each study row into an ``og:Study``
and each observation row into an ``og:MetastasisObservation``. It checks what only the table can say
(columns, number syntax, references to studies, cancers and sites that exist) and names the file and
line of a bad row; ranges and relations between numbers (percent 0-100, numerator <= denominator <=
cohort) are SHACL's job, so they are reported with every other validation problem, located at the row.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .. import namespaces
from ..errors import SourceFileError
from ..rdf_terms import RDF_TYPE, RDFS_LABEL, RDFS_SUBCLASS_OF
from ..sourceset import EVIDENCE_FILES
from ..store_walk import reachable
from .table_row import Row

OG = Namespace(namespaces.OG)
OGR = Namespace(namespaces.OGR)

STUDIES_FILE, OBSERVATIONS_FILE = EVIDENCE_FILES

STUDY_COLUMNS = ("key", "label", "authors", "year", "title", "journal", "doi", "pmid", "pmcid", "url", "design",
                 "cohort_size", "population", "years", "denominator_meaning", "licence")
OBSERVATION_COLUMNS = ("study", "cancer", "site", "percent", "numerator", "denominator", "patients",
                       "table_or_figure", "primary_as_published", "site_as_published", "note")
#: Study designs of the issue, by the word a curator writes in the table.
DESIGNS = {"autopsy": "design-autopsy", "clinical imaging": "design-clinical-imaging",
           "registry": "design-registry", "sequencing cohort": "design-sequencing-cohort"}
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ONCOTREE = re.compile(r"^ONCOTREE:([A-Z][A-Z0-9_]*)$")
_CURIE = re.compile(r"^ogr:([\w\-]+)$")


def study_iri(key: str) -> URIRef:
    return OGR[f"study-{key}"]


def observation_iri(study: str, cancer: URIRef, site: URIRef) -> URIRef:
    """``ogr:observation-<study>-<cancer>-<site>``: one observation per study, cancer and site."""
    cancer_local = str(cancer).removeprefix(str(OGR))
    site_local = str(site).removeprefix(str(OGR)).removeprefix("site-")
    return OGR[f"observation-{study}-{cancer_local}-to-{site_local}"]


def read_evidence(paths: tuple[Path, ...], store: ox.Store) -> Graph:
    """Study and observation nodes from ``paths``; ``store`` (the merged Turtle) resolves cancers and sites."""
    out = Graph()
    studies: dict[str, str] = {}
    by_name = {p.name: p for p in paths}
    if STUDIES_FILE in by_name:
        for row in _rows(by_name[STUDIES_FILE], STUDY_COLUMNS):
            key, label = _add_study(row, out)
            studies[key] = label
    if OBSERVATIONS_FILE in by_name:
        seen: dict[URIRef, int] = {}
        for row in _rows(by_name[OBSERVATIONS_FILE], OBSERVATION_COLUMNS):
            iri = _add_observation(row, out, store, studies)
            if iri in seen:
                raise row.fail(f"a second row for the same study, cancer and site (first on line {seen[iri]})")
            seen[iri] = row.line
    return out


def row_locations(paths: tuple[Path, ...]) -> dict[str, int]:
    """Node IRI -> line of the row that makes it, for validation messages (no graph needed: a light scan)."""
    found: dict[str, int] = {}
    for path in paths:
        for row in _rows(path, (), strict=False):
            if path.name == STUDIES_FILE and row["key"]:
                found[str(study_iri(row["key"]))] = row.line
            elif path.name == OBSERVATIONS_FILE:
                cancer, site = _cancer_iri(row["cancer"]), _site_iri(row["site"])
                if cancer is not None and site is not None and row["study"]:
                    found[str(observation_iri(row["study"], cancer, site))] = row.line
    return found


# ------------------------------------------------------------------ rows
def _rows(path: Path, columns: tuple[str, ...], *, strict: bool = True) -> Iterator[Row]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if strict and missing:
        raise SourceFileError(path, f"missing column(s) {', '.join(missing)}", line=skipped + 1)
    for number, cells in enumerate(reader, start=skipped + 2):
        if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
            continue
        if strict and None in cells:
            raise SourceFileError(path, f"more cells than the {len(header)} columns of the header", line=number)
        yield Row(path, number, cells)


def _add_study(row: Row, out: Graph) -> tuple[str, str]:
    key = row["key"]
    if not _KEY.match(key):
        raise row.fail(f"study key {key!r} must be lower-case words joined by hyphens (e.g. riihimaki-gastric-2016)")
    iri = study_iri(key)
    label = row["label"] or row.fail("a study needs a label (first author, year, what it covers)")
    if isinstance(label, SourceFileError):
        raise label
    design = row["design"]
    if design not in DESIGNS:
        raise row.fail(f"design {design!r} is not one of {', '.join(DESIGNS)}")
    out.add((iri, RDF.type, OG.Study))
    out.add((iri, RDFS.label, Literal(label, lang="en")))
    out.add((iri, OG.studyDesign, OGR[DESIGNS[design]]))
    text_fields = {"title": DCTERMS.title, "authors": DCTERMS.creator, "journal": OG.journal, "doi": OG.doi,
                   "pmid": OG.pmid, "pmcid": OG.pmcid, "years": OG.cohortYears, "licence": DCTERMS.rights}
    for column, predicate in text_fields.items():
        if row[column]:
            out.add((iri, predicate, Literal(row[column], lang="en") if column == "title" else Literal(row[column])))
    for column, predicate in {"population": OG.population, "denominator_meaning": OG.denominatorMeaning}.items():
        if row[column]:
            out.add((iri, predicate, Literal(row[column], lang="en")))
    if row["year"]:
        if not re.fullmatch(r"\d{4}", row["year"]):
            raise row.fail(f"year {row['year']!r} is not a four-digit year")
        out.add((iri, DCTERMS.date, Literal(row["year"], datatype=XSD.gYear)))
    if row["url"]:
        out.add((iri, DCTERMS.identifier, Literal(row["url"], datatype=XSD.anyURI)))
    if row["cohort_size"]:
        out.add((iri, OG.cohortSize, _integer(row, "cohort_size")))
    return key, label


def _add_observation(row: Row, out: Graph, store: ox.Store, studies: dict[str, str]) -> URIRef:
    study = row["study"]
    if study not in studies:
        raise row.fail(f"study {study!r} is not a key of {STUDIES_FILE}{_did_you_mean(study, studies)}")
    cancer = _resolve(row, "cancer", _cancer_iri(row["cancer"]), OG.CancerType, store)
    site = _resolve(row, "site", _site_iri(row["site"]), OG.AnatomicalSite, store)
    iri = observation_iri(study, cancer, site)
    percent_text = row["percent"]
    if not percent_text:
        raise row.fail("an observation needs its percent (compute it from the counts if only they are published)")
    percent = _decimal(row, "percent")
    out.add((iri, RDF.type, OG.MetastasisObservation))
    cancer_label, site_label = _label(store, cancer), _label(store, site)
    out.add((iri, RDFS.label, Literal(f"{cancer_label} to {site_label}: {percent_text}% ({studies[study]})", lang="en")))
    out.add((iri, OG.forCancer, cancer))
    out.add((iri, OG.metastasisSite, site))
    out.add((iri, OG.percent, percent))
    for column, predicate in {"numerator": OG.numerator, "denominator": OG.denominator, "patients": OG.cohortSize}.items():
        if row[column]:
            out.add((iri, predicate, _integer(row, column)))
    if not row["table_or_figure"]:
        raise row.fail("an observation needs the table or figure its number is read in (table_or_figure)")
    out.add((iri, OG.tableOrFigure, Literal(row["table_or_figure"])))
    for column, predicate in {"primary_as_published": OG.primaryAsPublished, "site_as_published": OG.siteAsPublished}.items():
        if row[column]:
            out.add((iri, predicate, Literal(row[column])))
    if row["note"]:
        out.add((iri, SKOS.editorialNote, Literal(row["note"], lang="en")))
    out.add((iri, DCTERMS.source, study_iri(study)))
    return iri


# ------------------------------------------------------------------ cells
def _cancer_iri(text: str) -> URIRef | None:
    """``ONCOTREE:LUAD`` -> the imported type ``ogr:oncotree-LUAD``; ``ogr:lung-cancer`` -> itself."""
    if match := _ONCOTREE.match(text):
        return OGR[f"oncotree-{match.group(1)}"]
    return OGR[match.group(1)] if (match := _CURIE.match(text)) else None


def _site_iri(text: str) -> URIRef | None:
    return OGR[match.group(1)] if (match := _CURIE.match(text)) else None


def _resolve(row: Row, column: str, iri: URIRef | None, kind: URIRef, store: ox.Store) -> URIRef:
    text = row[column]
    form = "ONCOTREE:CODE or ogr:name" if column == "cancer" else "ogr:site-name"
    if iri is None:
        raise row.fail(f"{column} {text!r} is not of the form {form}")
    classes = reachable(store, ox.NamedNode(kind), RDFS_SUBCLASS_OF, inverse=True)  # kind and every class below it
    node = ox.NamedNode(iri)
    if not any(next(store.quads_for_pattern(node, RDF_TYPE, klass, ox.DefaultGraph()), None) for klass in classes):
        known = sorted({quad.subject.value.removeprefix(str(OGR)) for klass in classes
                        for quad in store.quads_for_pattern(None, RDF_TYPE, klass, ox.DefaultGraph())
                        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(str(OGR))})
        local = str(iri).removeprefix(str(OGR))
        close = difflib.get_close_matches(local, known, n=3)
        hint = f"; did you mean {', '.join('ogr:' + c for c in close)}?" if close else ""
        raise row.fail(f"{column} {text!r} is not a {kind.split('#')[-1]} of the graph{hint}")
    return iri


def _label(store: ox.Store, iri: URIRef) -> str | None:
    quad = next(store.quads_for_pattern(ox.NamedNode(iri), RDFS_LABEL, None, ox.DefaultGraph()), None)
    return None if quad is None else quad.object.value


def _decimal(row: Row, column: str) -> Literal:
    text = row[column]
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise row.fail(f"{column} {text!r} is not a decimal number (write 12.5, without a % sign)")
    # XSD's canonical decimal has a point: "84" would be written as the Turtle integer 84 and read back as one
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def _integer(row: Row, column: str) -> Literal:
    text = row[column].replace(",", "")
    if not re.fullmatch(r"-?\d+", text):
        raise row.fail(f"{column} {row[column]!r} is not a whole number")
    return Literal(int(text), datatype=XSD.integer)


def _did_you_mean(value: str, options: dict[str, str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=3)
    return f"; did you mean {', '.join(close)}?" if close else ""


__all__ = ["OBSERVATIONS_FILE", "STUDIES_FILE", "observation_iri", "read_evidence", "row_locations",
           "study_iri"]
