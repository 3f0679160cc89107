"""Drugs, genes, biomarkers and approved indications (issue 10), on the shipped graph (the session ``kg``)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from oncograph.cli import cli
from oncograph.errors import SourceFileError
from oncograph.ingest.drug_tables import load_drug_tables
from oncograph.namespaces import OGR
from oncograph.release.indications_csv import HEADER, indications_csv
from oncograph.resources import ontology_dir
from oncograph.validation import load_shapes, validate_graph

FIXTURE = Path(__file__).parent / "fixtures" / "drug_indications_sample.tsv"


def drugs(rows: list[dict], match: str | None = None) -> set[str]:
    """The drug names of the regimens of ``rows`` (only rows with that biomarkerMatch, if given)."""
    return {name for row in rows if match is None or row["biomarkerMatch"] == match
            for name in row["regimenLabel"].split(" + ")}


# ------------------------------------------------------------------ sample rows against their citations
def _sample() -> list[dict]:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.mark.parametrize("expected", _sample(), ids=lambda row: f"{row['drugs']}-{row['date']}")
def test_sample_indication_matches_its_citation(kg, expected: dict) -> None:
    rows = kg.sparql(f"""
        SELECT ?indication ?cancer ?date ?status WHERE {{
          ?indication a og:Indication ; og:forCancer ?cancer ; og:approvalDate ?date ; og:approvalStatus ?status ;
                      dcterms:source/dcterms:identifier "{expected['source_url']}"^^xsd:anyURI .
          FILTER(STR(?date) = "{expected['date']}")
        }}""").records()
    found = []
    for row in rows:
        iri = row["indication"]
        regimen = [r["label"] for r in kg.sparql(f"""
            SELECT ?label WHERE {{ <{iri}> og:regimen/og:hasComponent ?c . ?c og:componentPosition ?n ; og:componentTherapy/rdfs:label ?label }}
            ORDER BY ?n""").records()]
        logic = {p: sorted(r["b"].removeprefix(OGR) for r in kg.sparql(f"SELECT ?b WHERE {{ <{iri}> og:{p} ?b }}").records())
                 for p in ("biomarkerAllOf", "biomarkerAnyOf", "biomarkerNoneOf")}
        found.append((" + ".join(regimen), row["cancer"].removeprefix(OGR), row["status"], logic))
    want = (expected["drugs"], expected["cancer"], expected["status"],
            {p: sorted(v for v in expected[c].split(";") if v)
             for p, c in (("biomarkerAllOf", "all_of"), ("biomarkerAnyOf", "any_of"), ("biomarkerNoneOf", "none_of"))})
    assert want in found, f"{expected['page_says']!r} not stated as cited; graph has {found}"


def test_issue_counts_hold(kg) -> None:
    (row,) = kg.sparql("""SELECT (COUNT(DISTINCT ?d) AS ?drugs) (COUNT(DISTINCT ?i) AS ?indications) (COUNT(DISTINCT ?c) AS ?cancers)
        WHERE { ?i a og:Indication ; og:forCancer ?c ; og:regimen/og:hasComponent/og:componentTherapy ?d . ?d a og:Drug }""").records()
    assert row["drugs"] >= 100 and row["indications"] >= 200 and row["cancers"] >= 20


# ------------------------------------------------------------------ drugs-for in biomarker-selected metastatic settings
@pytest.mark.parametrize(("cancer", "biomarker", "expected", "excluded"), [
    ("non-small cell lung cancer", "EGFR exon 19 deletion", {"osimertinib", "erlotinib", "dacomitinib"}, {"cemiplimab"}),
    ("non-small cell lung cancer", "ALK-positive", {"alectinib", "brigatinib", "lorlatinib", "crizotinib", "ceritinib"}, set()),
    ("non-small cell lung cancer", "KRAS G12C", {"sotorasib", "adagrasib"}, set()),
    ("breast cancer", "HER2-positive", {"trastuzumab", "pertuzumab", "trastuzumab emtansine", "trastuzumab deruxtecan", "tucatinib"},
     {"palbociclib", "ribociclib"}),
    ("breast cancer", "estrogen receptor-positive", {"palbociclib", "ribociclib", "abemaciclib", "fulvestrant"}, {"sacituzumab govitecan"}),
    ("colorectal cancer", "BRAF V600E", {"encorafenib", "cetuximab"}, set()),
    ("colorectal cancer", "KRAS G12C", {"sotorasib", "panitumumab", "adagrasib"}, set()),
    ("colorectal cancer", "MSI-H", {"pembrolizumab", "nivolumab", "ipilimumab"}, set()),
    ("ogr:melanoma", "BRAF V600E", {"vemurafenib", "dabrafenib", "trametinib", "encorafenib", "binimetinib", "cobimetinib"}, set()),
    ("prostate cancer", "BRCA2 mutation", {"olaparib", "rucaparib", "talazoparib"}, set()),
    ("OVARY", "BRCA mutation", {"olaparib"}, set()),
    ("CML", "Philadelphia chromosome", {"imatinib", "dasatinib", "nilotinib", "bosutinib", "asciminib"}, set()),
    ("CML", "ABL1 T315I mutation", {"ponatinib", "asciminib"}, set()),
])
def test_drugs_for_biomarker_selected_settings(kg, cancer, biomarker, expected, excluded) -> None:
    rows = kg.drugs_for(cancer, biomarker=biomarker)
    assert expected <= drugs(rows, "requires it")
    assert not excluded & drugs(rows, "requires it")
    ranks = [row["biomarkerMatch"] for row in rows]
    assert ranks == sorted(ranks, key=["requires it", "no biomarker required", "requires another biomarker"].index)


def test_drugs_for_leaves_out_indications_the_biomarker_excludes(kg) -> None:
    egfr = kg.drugs_for("non-small cell lung cancer", biomarker="EGFR exon 19 deletion")
    # pembrolizumab alone needs "no EGFR or ALK aberration"; an exon 19 deletion is an EGFR aberration
    def pembrolizumab_alone(rows):
        return [r for r in rows if r["regimenLabel"] == "pembrolizumab" and r["statedForLabel"] == "Non-Small Cell Lung Cancer"]
    assert not pembrolizumab_alone(egfr)
    assert pembrolizumab_alone(kg.drugs_for("non-small cell lung cancer"))
    her2 = kg.drugs_for("breast cancer", biomarker="HER2-positive")  # HER2-negative is incompatible with it
    assert not any("HER2-negative" in row["biomarkersAllOf"] for row in her2)


def test_drugs_for_inherits_from_ancestors_and_says_which(kg) -> None:
    rows = kg.drugs_for("LUAD")
    stated = {row["statedForLabel"] for row in rows}
    assert {"Non-Small Cell Lung Cancer", "cancer"} <= stated  # NSCLC's own and the tumour-agnostic ones
    agnostic = {row["regimenLabel"] for row in rows if row["statedForLabel"] == "cancer"}
    assert {"larotrectinib", "pembrolizumab"} <= agnostic


def test_drugs_for_setting_and_withdrawn(kg) -> None:
    unresectable = kg.drugs_for("non-small cell lung cancer", setting="unresectable")
    assert unresectable and all("unresectable" in (row["settingAsPublished"] or "") for row in unresectable
                                if row["statedForLabel"] != "cancer")
    assert len(kg.drugs_for("non-small cell lung cancer", setting="advanced")) > len(unresectable)  # covers metastatic too
    assert "mobocertinib" not in drugs(kg.drugs_for("non-small cell lung cancer"))  # withdrawn
    timeline = kg.query("approvals-timeline", cancer="non-small cell lung cancer").records()
    assert any(row["regimenLabel"] == "mobocertinib" and row["status"] == "withdrawn" for row in timeline)
    dates = [row["date"] for row in timeline]
    assert dates == sorted(dates)


# ------------------------------------------------------------------ roll-up, targets, biomarkers
def test_cancers_treated_with_rolls_up_through_drugs(kg) -> None:
    targeted = {row["cancerLabel"] for row in kg.query("cancers-treated-with", therapy="targeted therapy").records()}
    assert {"Chronic Myelogenous Leukemia", "Non-Small Cell Lung Cancer", "Renal Cell Carcinoma", "breast cancer"} <= targeted
    by_class = {row["usedTherapyLabel"] for row in kg.query("cancers-treated-with", therapy="EGFR tyrosine kinase inhibitor").records()}
    assert {"osimertinib", "erlotinib", "lapatinib"} <= by_class
    by_drug = {row["cancerLabel"] for row in kg.query("cancers-treated-with", therapy="olaparib").records()}
    assert {"breast cancer", "prostate cancer", "Pancreatic Adenocarcinoma"} <= by_drug
    by_gene = kg.query("cancers-treated-with", target="ALK").records()
    assert {row["usedTherapyLabel"] for row in by_gene} >= {"alectinib", "lorlatinib"}


def test_seed_options_reach_the_drugs_of_their_therapy_kinds(kg) -> None:
    rows = kg.sparql("""SELECT DISTINCT ?label WHERE {
        ogr:option-melanoma-signal-transduction-inhibitors og:usesTherapy ?kind .
        ?drug a og:Drug ; og:kindOf ?kind ; rdfs:label ?label }""").records()
    assert {"dabrafenib", "vemurafenib", "trametinib"} <= {row["label"] for row in rows}


def test_drugs_targeting_and_biomarkers_of(kg) -> None:
    her2 = kg.query("drugs-targeting", gene="HGNC:3430").records()
    assert {"trastuzumab", "tucatinib", "lapatinib"} <= {row["drugLabel"] for row in her2}
    assert {row["hgncId"] for row in her2} == {"HGNC:3430"}
    markers = kg.query("biomarkers-of", cancer="breast cancer").records()
    her2_positive = next(row for row in markers if row["biomarkerLabel"] == "HER2-positive")
    assert her2_positive["role"] == "all of" and "ERBB2 (HGNC:3430)" in her2_positive["genes"]
    assert any(row["role"] == "none of" for row in kg.query("biomarkers-of", cancer="non-small cell lung cancer").records())


def test_every_drug_class_chain_ends_in_a_seed_therapy(kg) -> None:
    rows = kg.sparql("""SELECT ?t WHERE { ?t a ?c . VALUES ?c { og:Drug og:DrugClass }
        FILTER NOT EXISTS { ?t og:kindOf ?k . ?k a og:Therapy . FILTER NOT EXISTS { ?k a og:Drug } FILTER NOT EXISTS { ?k a og:DrugClass } } }""",
                     max_rows=None).records()
    assert rows == []


# ------------------------------------------------------------------ interfaces and release
def test_cli_drugs_for_as_csv() -> None:
    result = CliRunner().invoke(cli, ["query", "drugs-for", "--param", "cancer=CML", "--param", "biomarker=Ph+", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "imatinib" in result.output and "requires it" in result.output


def test_indications_csv(kg) -> None:
    text = indications_csv(kg.store)
    rows = list(csv.reader(text.splitlines()))
    assert tuple(rows[0]) == HEADER == tuple(
        "indication,drug,drug_iri,regimen,cancer,cancer_iri,biomarkers,setting,line,regulator,date,status,source".split(","))
    (count,) = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?i a og:Indication }").records()
    assert len(rows) - 1 == count["n"] and indications_csv(kg.store) == text
    osimertinib = next(r for r in rows if r[0].endswith("indication-osimertinib-nsclc-fda-2017-03-27"))
    assert osimertinib[1] == "osimertinib" and osimertinib[6] == "all of: EGFR T790M mutation" and osimertinib[11] == "regular"


# ------------------------------------------------------------------ checks: bad rows, shapes, QC
@pytest.fixture()
def tables(tmp_path: Path) -> Path:
    folder = tmp_path / "drugs"
    shutil.copytree(ontology_dir() / "drugs", folder)
    return folder


def _edit(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if old in line:
            lines[number - 1] = line.replace(old, new, 1)
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(old)


@pytest.mark.parametrize(("table", "old", "new", "message"), [
    ("indications.tsv", "\tdrug:osimertinib\t", "\tdrug:osimertinb\t", "unknown drug 'osimertinb' (did you mean 'osimertinib'"),
    ("indications.tsv", "\t2017-03-27\t", "\t27 March 2017\t", "must be YYYY-MM-DD"),
    ("drugs.tsv", "\tEGFR\t", "\tEGRF\t", "unknown target gene"),
    ("genes.tsv", "HGNC:3236", "3236", "must look like HGNC:3236"),
    ("biomarkers.tsv", "\tegfr-alteration\t\t", "\tegfr-alterations\t\t", "unknown biomarker in specialises"),
])
def test_bad_table_row_names_file_and_line(tables: Path, table: str, old: str, new: str, message: str) -> None:
    line = _edit(tables / table, old, new)
    with pytest.raises(SourceFileError) as error:
        load_drug_tables(tables)
    assert error.value.path.name == table and error.value.line == line and message in str(error.value)


BAD = """
@prefix og: <https://w3id.org/oncograph/ontology#> . @prefix ogr: <https://w3id.org/oncograph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
ogr:indication-bad a og:Indication ; rdfs:label "bad"@en ; og:forCancer ogr:cancer ; og:approvalStatus "pending" ;
    dcterms:source ogr:source-oncograph-drug-curation .
ogr:gene-bad a og:Gene ; rdfs:label "BAD"@en ; og:hgncSymbol "BAD" ; dcterms:source ogr:source-oncograph-drug-curation .
ogr:biomarker-bad a og:Biomarker ; rdfs:label "bad marker"@en ; skos:definition "x"@en ; dcterms:source ogr:source-oncograph-drug-curation .
ogr:drugclass-orphan a og:DrugClass ; rdfs:label "orphan class"@en ; skos:definition "x"@en ;
    dcterms:source ogr:source-oncograph-drug-curation .
"""


def test_shapes_catch_incomplete_indication_gene_biomarker_and_chain() -> None:
    folder = ontology_dir()
    data = Graph().parse(folder / "oncograph.ttl").parse(folder / "data" / "drug-vocabulary.ttl").parse(folder / "data" / "cancers.ttl")
    data.parse(data=BAD, format="turtle")
    report = validate_graph(data, load_shapes(folder / "shapes.ttl"), only={f"{OGR}{n}" for n in (
        "indication-bad", "gene-bad", "biomarker-bad", "drugclass-orphan")})
    text = report.to_text()
    for expected in ("exactly one regimen", "exactly one regulator", "one approval date", "regular, accelerated, withdrawn",
                     "one HGNC ID", "names the public file", "names at least one gene", "does not end in a therapy kind"):
        assert expected in text, expected


def test_qc_warns_about_withdrawn_listed_as_current_and_unused_drug() -> None:
    store = ox.Store()
    store.load(b"""
        @prefix og: <https://w3id.org/oncograph/ontology#> . @prefix ogr: <https://w3id.org/oncograph/resource/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ogr:indication-a a og:Indication ; og:approvalStatus "accelerated" ; og:withdrawnOn "2023-10"^^xsd:gYearMonth .
        ogr:indication-b a og:Indication ; og:approvalStatus "withdrawn" .
        ogr:indication-c a og:Indication ; og:approvalStatus "withdrawn" ; og:withdrawnOn "2023-10"^^xsd:gYearMonth .
        ogr:drug-lonely a og:Drug .""", format=ox.RdfFormat.TURTLE)
    qc = ontology_dir() / "qc"
    withdrawn = {row["entity"].value.removeprefix(OGR): row["message"].value
                 for row in store.query((qc / "withdrawn-listed-as-current.rq").read_text(encoding="utf-8"))}
    assert set(withdrawn) == {"indication-a", "indication-b"} and "listed as current" in withdrawn["indication-a"]
    unused = [row["entity"].value for row in store.query((qc / "drug-without-indication.rq").read_text(encoding="utf-8"))]
    assert unused == [f"{OGR}drug-lonely"]
