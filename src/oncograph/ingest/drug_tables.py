"""The curated drug tables (``ontology/drugs/*.tsv``) read into RDF.

Drugs, their mechanism classes, genes, biomarkers and approvals are many similar rows, each with a
source URL and an identifier read in a named file; curators keep them as tab-separated tables, as the
SSSOM mapping table is kept, and this module turns them into ``og:`` individuals. Every row is checked
before anything is built: a bad value or a reference to an unknown row raises :class:`SourceFileError`
with the file and line (and the closest known names), so a typo never becomes a silent dangling IRI.

Tables (header row first; ``;`` separates several values in a cell):

- ``drug-classes.tsv``: id, label, kind_of (class ids or ``ogr:`` therapy CURIEs), definition
- ``drugs.tsv``: id, label (INN), synonyms, classes, targets (HGNC symbols), ncit, ncit_file, chebi, chebi_file, note
- ``genes.tsv``: symbol, hgnc_id, read_in (the file(s) the ID was read in; ``|`` between files)
- ``biomarkers.tsv``: id, label, kind (gene | signature), genes, state, specialises, incompatible_with, synonyms
- ``indications.tsv``: id, regimen (``drug:ID``/``class:ID``/``ogr:...`` joined by `` + ``), cancer (``ONCOTREE:CODE``
  or ``ogr:...``), setting, setting_as_published, line, all_of, any_of, none_of, regulator, date, status,
  withdrawn_on, source_url, source_title, ... (further columns are curation notes and are not loaded)
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..errors import SourceFileError
from .table_row import Row
from ..namespaces import OG, OGR

DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")
DCTERMS_TITLE = URIRef("http://purl.org/dc/terms/title")
DCTERMS_PUBLISHER = URIRef("http://purl.org/dc/terms/publisher")
DCTERMS_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")

#: The editorial source of what the curators themselves decided (mechanism classes, targets, biomarker groupings).
EDITORIAL_SOURCE = URIRef(f"{OGR}source-oncograph-drug-curation")
#: Where the NCIt codes of drugs were read (the file named in ``ncit_file``).
NCIT_FILE_SOURCES = {
    "TMO-HD/NCT-POT drugs/tsv/drug.tsv": URIRef(f"{OGR}source-nct-pot-drug-table"),
    "cBioPortal/cbioportal-frontend src/pages/patientView/therapyRecommendation/form/data/Drugs.tsx":
        URIRef(f"{OGR}source-cbioportal-drug-list"),
}
#: Where HGNC IDs were read (the file named in ``read_in``), by repository and path.
GENE_FILE_SOURCES = {
    "medizininformatik-initiative/kerndatensatzmodul-onkologie input/fsh/oBDS/23_GenetischeVariante/mii-vs-onko-marker-gene-hgnc.fsh":
        URIRef(f"{OGR}source-mii-onko-marker-genes"),
    "medizininformatik-initiative/kerndatensatzmodul-onkologie input/fsh/oBDS/23_GenetischeVariante/mii-vs-onko-praedispositionsgene-hgnc.fsh":
        URIRef(f"{OGR}source-mii-onko-predisposition-genes"),
    "medizininformatik-initiative/kerndatensatzmodul-molekulares-tumorboard input/fsh/profiles/NGS-Bericht/Panels/mii-vs-mtb-panel-genelisten.fsh":
        URIRef(f"{OGR}source-mii-mtb-panel-genes"),
}
REGULATORS = {"FDA": URIRef(f"{OGR}regulator-fda"), "EMA": URIRef(f"{OGR}regulator-ema")}
STATUSES = ("regular", "accelerated", "withdrawn", "not stated")
TABLES = ("drug-classes.tsv", "drugs.tsv", "genes.tsv", "biomarkers.tsv", "indications.tsv")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_HGNC = re.compile(r"^HGNC:[1-9]\d*$")
_NCIT = re.compile(r"^NCIT:C\d+$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def og(local: str) -> URIRef:
    return URIRef(f"{OG}{local}")


def ogr(local: str) -> URIRef:
    return URIRef(f"{OGR}{local}")


def table_files(folder: Path) -> tuple[Path, ...]:
    """The drug tables of ``folder`` (``ontology/drugs``) that exist, in load order."""
    return tuple(folder / name for name in TABLES if (folder / name).exists())


def read_table(path: Path, required: Iterable[str]) -> list[Row]:
    """The rows of one table; a missing column or an unreadable file is an error naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceFileError(path, f"missing column(s) {', '.join(missing)}", line=1)
    rows = [Row(path, number, cells) for number, cells in enumerate(reader, start=2)]
    if not rows:
        raise SourceFileError(path, "the table has no rows")
    return rows


def _unknown(row: Row, what: str, value: str, known: Iterable[str]) -> SourceFileError:
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    return row.fail(f"unknown {what} {value!r}{hint}")


def _unique(rows: list[Row], column: str) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        key = row[column]
        if not key:
            raise row.fail(f"empty {column}")
        if key in seen:
            raise row.fail(f"{column} {key!r} is already used on line {seen[key].line}")
        seen[key] = row
    return seen


def _therapy_ref(row: Row, value: str, classes: dict[str, Row]) -> URIRef:
    """A class id of drug-classes.tsv, or an ``ogr:`` CURIE of a therapy of the Turtle data."""
    if value.startswith("ogr:"):
        return ogr(value[4:])
    if value not in classes:
        raise _unknown(row, "drug class", value, classes)
    return ogr(f"drugclass-{value}")


def _read_sources(row: Row, column: str, table: dict[str, URIRef], separator: str) -> list[URIRef]:
    found = []
    for entry in row.values(column, separator):
        file = entry.split(" @")[0].strip()
        if file not in table:
            raise _unknown(row, f"file in {column}", file, table)
        found.append(table[file])
    return found


def _lang(text: str) -> Literal:
    return Literal(text, lang="en")


class _Builder:
    """Collects the triples and the source nodes of web pages (one per URL)."""

    def __init__(self) -> None:
        self.graph = Graph()
        self._pages: dict[str, URIRef] = {}
        self._page_titles: dict[str, str] = {}

    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    def page(self, row: Row) -> URIRef:
        url, title = row["source_url"], row["source_title"]
        if not re.match(r"^https?://", url):
            raise row.fail(f"source_url {url!r} is not an http(s) address")
        if not title:
            raise row.fail("source_title is empty: every page is cited with its title")
        if url in self._pages:
            return self._pages[url]
        node = ogr(f"source-page-{hashlib.sha256(url.encode()).hexdigest()[:16]}")
        host = urlsplit(url).hostname or url
        host = host[4:] if host.startswith("www.") else host
        label = title if title not in self._page_titles.values() else f"{title} ({host})"
        self._pages[url], self._page_titles[url] = node, label
        self.add(node, RDF.type, og("Source"))
        self.add(node, RDFS.label, _lang(label))
        self.add(node, DCTERMS_TITLE, _lang(title))
        self.add(node, DCTERMS_PUBLISHER, Literal(host))
        self.add(node, DCTERMS_IDENTIFIER, Literal(url, datatype=XSD.anyURI))
        return node


def load_drug_tables(folder: Path) -> Graph:
    """Read every table of ``folder`` and return the RDF they state; raise on the first bad row."""
    paths = {path.name: path for path in table_files(folder)}
    if not paths:
        return Graph()
    absent = [name for name in TABLES if name not in paths]
    if absent:
        raise SourceFileError(folder, f"the drug tables are incomplete: {', '.join(absent)} missing")
    classes = _unique(read_table(paths["drug-classes.tsv"], ("id", "label", "kind_of", "definition")), "id")
    drugs = _unique(read_table(paths["drugs.tsv"], ("id", "label", "synonyms", "classes", "targets", "ncit", "ncit_file")), "id")
    genes = _unique(read_table(paths["genes.tsv"], ("symbol", "hgnc_id", "read_in")), "symbol")
    biomarkers = _unique(read_table(paths["biomarkers.tsv"], ("id", "label", "kind", "genes", "state", "specialises", "synonyms")), "id")
    indications = _unique(read_table(paths["indications.tsv"], (
        "id", "regimen", "cancer", "setting", "setting_as_published", "line", "all_of", "any_of", "none_of",
        "regulator", "date", "status", "withdrawn_on", "source_url", "source_title", "cancer_as_published")), "id")
    out = _Builder()
    _classes(out, classes)
    _genes(out, genes)
    drug_sources = _indications(out, indications, drugs, classes, biomarkers)
    _drugs(out, drugs, classes, genes, drug_sources)
    _biomarkers(out, biomarkers, genes)
    return out.graph


def _classes(out: _Builder, classes: dict[str, Row]) -> None:
    for key, row in classes.items():
        if not _ID.match(key):
            raise row.fail(f"id {key!r} must be lower-case words joined by hyphens")
        node = ogr(f"drugclass-{key}")
        parents = row.values("kind_of")
        if not parents:
            raise row.fail("kind_of is empty: every drug class is a kind of a broader class or therapy")
        if not row["definition"]:
            raise row.fail("definition is empty")
        out.add(node, RDF.type, og("DrugClass"))
        out.add(node, RDFS.label, _lang(row["label"]))
        out.add(node, SKOS.definition, _lang(row["definition"]))
        out.add(node, DCTERMS_SOURCE, EDITORIAL_SOURCE)
        for parent in parents:
            if parent == key:
                raise row.fail("a drug class cannot be a kind of itself")
            out.add(node, og("kindOf"), _therapy_ref(row, parent, classes))


def _genes(out: _Builder, genes: dict[str, Row]) -> None:
    for symbol, row in genes.items():
        if not re.match(r"^[A-Z0-9][A-Z0-9-]*$", symbol):
            raise row.fail(f"symbol {symbol!r} is not an HGNC symbol (upper-case letters, digits, hyphens)")
        if not _HGNC.match(row["hgnc_id"]):
            raise row.fail(f"hgnc_id {row['hgnc_id']!r} must look like HGNC:3236")
        files = _read_sources(row, "read_in", GENE_FILE_SOURCES, "|")
        if not files:
            raise row.fail("read_in is empty: an HGNC ID enters only with the file it was read in")
        node = gene_iri(symbol)
        out.add(node, RDF.type, og("Gene"))
        out.add(node, RDFS.label, _lang(symbol))
        out.add(node, og("hgncSymbol"), Literal(symbol))
        out.add(node, og("hgncId"), Literal(row["hgnc_id"]))
        out.add(node, SKOS.exactMatch, URIRef(f"https://bioregistry.io/hgnc:{row['hgnc_id'][5:]}"))  # resolves HGNC:n
        for file in files:
            out.add(node, og("identifierReadIn"), file)
            out.add(node, DCTERMS_SOURCE, file)


def gene_iri(symbol: str) -> URIRef:
    return ogr(f"gene-{symbol.lower()}")


def _drugs(out: _Builder, drugs: dict[str, Row], classes: dict[str, Row], genes: dict[str, Row],
           drug_sources: dict[str, set[URIRef]]) -> None:
    for key, row in drugs.items():
        if not _ID.match(key):
            raise row.fail(f"id {key!r} must be lower-case words joined by hyphens")
        node = ogr(f"drug-{key}")
        kinds = [_therapy_ref(row, value, classes) for value in row.values("classes")]
        if not kinds:
            raise row.fail("classes is empty: every drug is a kind of at least one drug class")
        out.add(node, RDF.type, og("Drug"))
        out.add(node, RDFS.label, _lang(row["label"]))
        for synonym in row.values("synonyms"):
            out.add(node, SKOS.altLabel, _lang(synonym))
        for kind in kinds:
            out.add(node, og("kindOf"), kind)
        targets = row.values("targets")
        for symbol in targets:
            if symbol not in genes:
                raise _unknown(row, "target gene (not in genes.tsv)", symbol, genes)
            out.add(node, og("targets"), gene_iri(symbol))
        class_labels = " and ".join(classes[v]["label"] if v in classes else v.split("therapy-")[-1].replace("-", " ")
                                    for v in row.values("classes"))
        aimed = f", acting on the products of {', '.join(targets)}" if targets else ""
        out.add(node, SKOS.definition, _lang(f"An anticancer drug: a {class_labels}{aimed}."))
        out.add(node, DCTERMS_SOURCE, EDITORIAL_SOURCE)
        for source in sorted(drug_sources.get(key, ())):
            out.add(node, DCTERMS_SOURCE, source)
        if row["ncit"]:
            if not _NCIT.match(row["ncit"]):
                raise row.fail(f"ncit {row['ncit']!r} must look like NCIT:C1234")
            files = _read_sources(row, "ncit_file", NCIT_FILE_SOURCES, ";")
            if not files:
                raise row.fail("ncit_file is empty: an NCIt code enters only with the file it was read in")
            out.add(node, SKOS.exactMatch, URIRef(f"http://purl.obolibrary.org/obo/NCIT_{row['ncit'][5:]}"))
            for file in files:
                out.add(node, og("identifierReadIn"), file)
        if row["chebi"]:
            raise row.fail("chebi IDs are not loaded yet: no ChEBI file has been named for any drug")


def _biomarkers(out: _Builder, biomarkers: dict[str, Row], genes: dict[str, Row]) -> None:
    for key, row in biomarkers.items():
        node = ogr(f"biomarker-{key}")
        kind = row["kind"]
        if kind not in ("gene", "signature"):
            raise row.fail(f"kind {kind!r} must be 'gene' or 'signature'")
        symbols = row.values("genes")
        if kind == "gene" and not symbols:
            raise row.fail("a gene biomarker names at least one gene")
        if kind == "signature" and symbols:
            raise row.fail("a genomic signature names no gene; use kind 'gene'")
        out.add(node, RDF.type, og("GenomicSignature" if kind == "signature" else "Biomarker"))
        out.add(node, RDFS.label, _lang(row["label"]))
        for synonym in row.values("synonyms"):
            out.add(node, SKOS.altLabel, _lang(synonym))
        for symbol in symbols:
            if symbol not in genes:
                raise _unknown(row, "gene (not in genes.tsv)", symbol, genes)
            out.add(node, og("ofGene"), gene_iri(symbol))
        out.add(node, og("geneState"), Literal(row["state"]))
        what = f"{row['state']} of {', '.join(symbols)}" if symbols else row["state"]
        out.add(node, SKOS.definition, _lang(f"A tumour test result: {what}."))
        out.add(node, DCTERMS_SOURCE, EDITORIAL_SOURCE)
        for broader in row.values("specialises"):
            if broader.startswith("ogr:"):
                out.add(node, og("specialises"), ogr(broader[4:]))
            elif broader in biomarkers:
                out.add(node, og("specialises"), ogr(f"biomarker-{broader}"))
            else:
                raise _unknown(row, "biomarker in specialises", broader, biomarkers)
        for other in row.values("incompatible_with"):
            if other not in biomarkers:
                raise _unknown(row, "biomarker in incompatible_with", other, biomarkers)
            out.add(node, og("incompatibleWith"), ogr(f"biomarker-{other}"))


def _cancer(row: Row) -> URIRef:
    value = row["cancer"]
    if value.startswith("ONCOTREE:") and re.match(r"^[A-Z][A-Z0-9_/\-]*$", value[9:]):
        return ogr(f"oncotree-{value[9:]}")
    if value.startswith("ogr:") and value[4:]:
        return ogr(value[4:])
    raise row.fail(f"cancer {value!r} must be an OncoTree code (ONCOTREE:NSCLC) or an ogr: type (ogr:breast-cancer)")


def _indications(out: _Builder, indications: dict[str, Row], drugs: dict[str, Row], classes: dict[str, Row],
                 biomarkers: dict[str, Row]) -> dict[str, set[URIRef]]:
    """Indications, their regimens and page sources; returns the pages that name each drug."""
    drug_sources: dict[str, set[URIRef]] = {}
    labels: dict[str, Row] = {}
    for key, row in indications.items():
        node = ogr(f"indication-{key}")
        components = [c.strip() for c in row["regimen"].split(" + ") if c.strip()]
        if not components:
            raise row.fail("regimen is empty")
        parts = []
        for component in components:
            if component.startswith("drug:"):
                if component[5:] not in drugs:
                    raise _unknown(row, "drug", component[5:], drugs)
                parts.append((ogr(f"drug-{component[5:]}"), drugs[component[5:]]["label"]))
            elif component.startswith("class:"):
                parts.append((_therapy_ref(row, component[6:], classes), classes.get(component[6:], row)["label"]))
            elif component.startswith("ogr:"):
                parts.append((ogr(component[4:]), component[4:].removeprefix("therapy-").replace("-", " ")))
            else:
                raise row.fail(f"regimen component {component!r} must be drug:ID, class:ID or an ogr: therapy")
        regimen = _regimen(out, [p for p, _ in parts], [label for _, label in parts])
        page = out.page(row)
        for component in components:
            if component.startswith("drug:"):
                drug_sources.setdefault(component[5:], set()).add(page)
        regulator = REGULATORS.get(row["regulator"])
        if regulator is None:
            raise _unknown(row, "regulator", row["regulator"], REGULATORS)
        if not _DATE.match(row["date"]):
            raise row.fail(f"date {row['date']!r} must be YYYY-MM-DD, or YYYY-MM when only the month is published")
        if row["status"] not in STATUSES:
            raise _unknown(row, "status", row["status"], STATUSES)
        cancer = _cancer(row)
        out.add(node, RDF.type, og("Indication"))
        out.add(node, og("regimen"), regimen)
        out.add(node, og("forCancer"), cancer)
        out.add(node, og("regulator"), regulator)
        out.add(node, og("approvalDate"), _date(row["date"]))
        out.add(node, og("approvalStatus"), Literal(row["status"]))
        out.add(node, DCTERMS_SOURCE, page)
        if row["withdrawn_on"]:
            if not _DATE.match(row["withdrawn_on"]):
                raise row.fail(f"withdrawn_on {row['withdrawn_on']!r} must be YYYY-MM-DD or YYYY-MM")
            out.add(node, og("withdrawnOn"), _date(row["withdrawn_on"]))
        for setting in row.values("setting"):
            if not _ID.match(setting):
                raise row.fail(f"setting {setting!r} must be a setting id such as metastatic or locally-advanced")
            out.add(node, og("setting"), ogr(f"setting-{setting}"))
        for column, predicate in (("setting_as_published", "settingAsPublished"), ("line", "lineOfTherapy"),
                                  ("cancer_as_published", "cancerAsPublished")):
            if row[column]:
                out.add(node, og(predicate), Literal(row[column]))
        logic = []
        for column, predicate, word in (("all_of", "biomarkerAllOf", "and"), ("any_of", "biomarkerAnyOf", "or"),
                                        ("none_of", "biomarkerNoneOf", "nor")):
            names = []
            for value in row.values(column):
                if value not in biomarkers:
                    raise _unknown(row, f"biomarker in {column}", value, biomarkers)
                out.add(node, og(predicate), ogr(f"biomarker-{value}"))
                names.append(biomarkers[value]["label"])
            if names:
                logic.append(("no " if column == "none_of" else "") + f" {word} ".join(names))
        regimen_label = " + ".join(label for _, label in parts)
        label = f"{regimen_label}: {row['cancer_as_published'] or row['cancer']}" + (f" ({'; '.join(logic)})" if logic else "") \
            + (f", {row['line']}" if row["line"] else "") + f" — {row['regulator']} {row['date']}"
        if label in labels:
            raise row.fail(f"indication label {label!r} repeats line {labels[label].line}: is this row a duplicate?")
        labels[label] = row
        out.add(node, RDFS.label, _lang(label))
    return drug_sources


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date if len(value) == 10 else XSD.gYearMonth)


def _regimen(out: _Builder, therapies: list[URIRef], labels: list[str]) -> URIRef:
    """The regimen node for an ordered list of therapies, shared by every indication that names it."""
    key = "-".join(str(t).rsplit("/", 1)[-1].removeprefix("drug-").removeprefix("drugclass-") for t in therapies)
    node = ogr(f"regimen-{key}")
    if (node, RDF.type, og("Regimen")) in out.graph:
        return node
    out.add(node, RDF.type, og("Regimen"))
    out.add(node, RDFS.label, _lang(" + ".join(labels)))
    for position, therapy in enumerate(therapies, start=1):
        component = ogr(f"regimen-{key}-{position}")
        out.add(node, og("hasComponent"), component)
        out.add(component, RDF.type, og("RegimenComponent"))
        out.add(component, og("componentPosition"), Literal(position))
        out.add(component, og("componentTherapy"), therapy)
    return node


def iter_drug_rows(folder: Path) -> Iterator[Row]:
    """Every indication row (for the release's CSV and for tests that check rows against their citations)."""
    path = folder / "indications.tsv"
    if path.exists():
        yield from read_table(path, ("id",))


__all__ = ["TABLES", "load_drug_tables", "table_files", "iter_drug_rows"]
