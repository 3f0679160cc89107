"""Metastasis evidence (issue 9): the tables, their checks, the queries, the API and the release file.

Cheap by design: the session graph is reused; the reader is tested on small tables against the asserted graph
(no reasoning), and the SHACL and QC checks run once on one broken copy.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from oncograph.errors import SourceFileError
from oncograph.ingest.evidence_tables import OBSERVATIONS_FILE, STUDIES_FILE, read_evidence
from oncograph.namespaces import OG, OGR, PREFIXES
from oncograph.release.evidence_csv import HEADER, metastasis_evidence_csv
from oncograph.validation import load_shapes, validate_graph

FIXTURE = Path(__file__).parent / "fixtures" / "metastasis-sample.tsv"
PFX = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


def sample_rows() -> list[dict[str, str]]:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def iri(token: str) -> str:
    return OGR + (f"oncotree-{token.split(':')[1]}" if token.startswith("ONCOTREE:") else token.split(":", 1)[1])


@pytest.mark.parametrize("row", sample_rows(), ids=lambda r: f"{r['doi']}-{r['site']}")
def test_numbers_are_as_published(kg, row: dict[str, str]) -> None:
    found = kg.sparql(f"""SELECT ?percent ?numerator ?denominator ?place WHERE {{
        ?o a og:MetastasisObservation ; og:forCancer <{iri(row['cancer'])}> ; og:metastasisSite <{iri(row['site'])}> ;
           og:percent ?percent ; og:tableOrFigure ?place ; dcterms:source ?study .
        ?study og:doi "{row['doi']}" .
        OPTIONAL {{ ?o og:numerator ?numerator }} OPTIONAL {{ ?o og:denominator ?denominator }} }}""").records()
    assert len(found) == 1, row
    (got,) = found
    assert got["percent"] == Decimal(row["percent"]) and got["place"] == row["table_or_figure"]
    assert got.get("numerator") == (int(row["numerator"]) if row["numerator"] else None)
    assert got.get("denominator") == (int(row["denominator"]) if row["denominator"] else None)


def test_seed_question_answers_with_numbers(kg) -> None:
    rows = kg.cancers_metastasizing_to("adrenal glands")
    numeric = [r for r in rows if "percent" in r]
    assert len({r["cancerLabel"] for r in rows}) > 2 and len(numeric) >= 3
    assert [r["percent"] for r in numeric] == sorted((r["percent"] for r in numeric), reverse=True)
    assert rows.index(numeric[-1]) < min(i for i, r in enumerate(rows) if "percent" not in r)  # qualitative last
    melanoma = next(r for r in numeric if r["cancerLabel"] == "melanoma")
    assert melanoma["percent"] == Decimal("46.8") and melanoma["designLabel"] == "autopsy" and melanoma["patients"] == 216
    assert {r["cancerLabel"] for r in rows if "percent" not in r} == {"lung cancer", "prostate cancer"}  # the seed's


def test_sites_of_inherits_and_says_from_where(kg) -> None:
    rows = kg.metastasis_sites_of("LUAD")
    inherited = [r for r in rows if r["scope"] == "broader type"]
    assert {r["statedForLabel"] for r in inherited} >= {"lung cancer", "Non-Small Cell Lung Cancer"}
    own = [r for r in rows if r["scope"] == "this type"]
    assert own and all(r["statedForLabel"] == "Lung Adenocarcinoma" for r in own)
    gastric = kg.metastasis_sites_of("gastric cancer")
    liver = [r for r in gastric if r["siteLabel"] == "liver"]
    assert {r["percent"] for r in liver} == {Decimal("48"), Decimal("45.0")} and {r["studies"] for r in liver} == {2}


def test_evidence_side_by_side(kg) -> None:
    rows = kg.query("metastasis-evidence", cancer="gastric cancer", site="liver").records()
    assert {(r["studyLabel"].split(",")[0], r["denominator"] if "denominator" in r else None) for r in rows} == {
        ("Riihimäki et al. 2016", None), ("Zhang et al. 2020", 11918)}
    assert all(r["denominatorMeaning"] and r["designLabel"] == "registry" for r in rows)


def test_similar_profiles(kg) -> None:
    rows = kg.similar_metastasis_profiles("gastric cancer", limit=None).records()
    assert rows and all(0 <= float(r["similarity"]) <= 1 for r in rows)
    assert [r["similarity"] for r in rows] == sorted((r["similarity"] for r in rows), reverse=True)
    assert "gastric cancer" not in {r["cancerLabel"] for r in rows}
    inherited = kg.similar_metastasis_profiles("STAD").records()  # no numbers of its own: compared as gastric cancer
    assert inherited and {r["profileOfLabel"] for r in inherited} == {"gastric cancer"}


def test_release_csv(kg) -> None:
    text = metastasis_evidence_csv(kg.store)
    rows = list(csv.reader(text.splitlines()))
    assert tuple(rows[0]) == HEADER
    assert text == metastasis_evidence_csv(kg.store)
    count = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?o og:forCancer ?c ; og:metastasisSite ?s }").records()[0]["n"]
    assert len(rows) - 1 == count
    zhang = next(r for r in rows if r[0].endswith("observation-zhang-gastric-2020-gastric-cancer-to-liver"))
    assert Decimal(zhang[5]) == Decimal("45.0") and zhang[6:10] == ["5361", "11918", "36588", "registry"] and zhang[11].startswith("doi:10.12659/MSM.923867")
    seed = next(r for r in rows if r[0].endswith("metastasis-lung-cancer-to-adrenal-gland"))
    assert seed[5:11] == ["", "", "", "", "", ""] and seed[11] == "CTCA: Stage 4 cancer"


# ------------------------------------------------------------------ the reader's errors name the file and line
STUDY_HEAD = "key\tlabel\tauthors\tyear\ttitle\tjournal\tdoi\tpmid\tpmcid\turl\tdesign\tcohort_size\tpopulation\tyears\tdenominator_meaning\tlicence\n"
STUDY = "s-1\tS 2020\tA\t2020\tT\tJ\t10.1/x\t\t\t\tregistry\t100\tp\t\td\t\n"
OBS_HEAD = "study\tcancer\tsite\tpercent\tnumerator\tdenominator\tpatients\ttable_or_figure\tprimary_as_published\tsite_as_published\tnote\n"


@pytest.mark.parametrize(("row", "message"), [
    ("s-2\togr:lung-cancer\togr:site-liver\t10\t\t\t\tTable 1\t\t\t\n", "study 's-2' is not a key of studies.tsv; did you mean s-1?"),
    ("s-1\togr:lung-cancr\togr:site-liver\t10\t\t\t\tTable 1\t\t\t\n", "is not a CancerType of the graph; did you mean ogr:lung-cancer"),
    ("s-1\togr:lung-cancer\togr:site-livr\t10\t\t\t\tTable 1\t\t\t\n", "did you mean ogr:site-liver"),
    ("s-1\togr:lung-cancer\togr:site-liver\t10%\t\t\t\tTable 1\t\t\t\n", "percent '10%' is not a decimal number"),
    ("s-1\togr:lung-cancer\togr:site-liver\t10\t\t\t\t\t\t\t\n", "needs the table or figure"),
    ("s-1\tLUAD\togr:site-liver\t10\t\t\t\tTable 1\t\t\t\n", "is not of the form ONCOTREE:CODE or ogr:name"),
])
def test_bad_rows_name_file_and_line(kg, tmp_path: Path, row: str, message: str) -> None:
    (tmp_path / STUDIES_FILE).write_text(STUDY_HEAD + STUDY, encoding="utf-8")
    (tmp_path / OBSERVATIONS_FILE).write_text(OBS_HEAD + row, encoding="utf-8")
    with pytest.raises(SourceFileError, match="metastasis-observations.tsv:2: ") as error:
        read_evidence((tmp_path / STUDIES_FILE, tmp_path / OBSERVATIONS_FILE), kg.asserted_store)
    assert message in str(error.value)


def test_good_rows_become_observations(kg, tmp_path: Path) -> None:
    (tmp_path / STUDIES_FILE).write_text(STUDY_HEAD + STUDY, encoding="utf-8")
    (tmp_path / OBSERVATIONS_FILE).write_text(OBS_HEAD + "s-1\tONCOTREE:LUAD\togr:site-liver\t12\t3\t25\t\tTable 2\t\t\t\n", encoding="utf-8")
    graph = read_evidence((tmp_path / STUDIES_FILE, tmp_path / OBSERVATIONS_FILE), kg.asserted_store)
    node = URIRef(OGR + "observation-s-1-oncotree-LUAD-to-liver")
    assert (node, URIRef(OG + "percent"), Literal("12.0", datatype=XSD.decimal)) in graph
    assert (node, URIRef(OG + "denominator"), Literal(25, datatype=XSD.integer)) in graph


# ------------------------------------------------------------------ SHACL and QC, once on one broken copy
def test_checks_on_numbers_studies_and_disagreement(kg) -> None:
    graph = Graph()
    graph += kg.graph
    z = "ogr:observation-zhang-gastric-2020-gastric-cancer-to-"
    graph.update(PFX + f"""
        DELETE WHERE {{ {z}liver og:percent ?p }} ;
        INSERT DATA {{ {z}liver og:percent 140.0 }} ;
        DELETE WHERE {{ {z}lung og:numerator ?n }} ;
        INSERT DATA {{ {z}lung og:numerator 20000 }} ;
        DELETE WHERE {{ {z}bone og:denominator ?d }} ;
        INSERT DATA {{ {z}bone og:denominator 40000 }} ;
        DELETE WHERE {{ ogr:study-patel-melanoma-1978 og:doi ?doi }} ;
        DELETE WHERE {{ ogr:study-riihimaki-gastric-2016 og:studyDesign ?design }} ;
        DELETE WHERE {{ ogr:observation-riihimaki-gastric-2016-gastric-cancer-to-peritoneum og:percent ?p }} ;
        INSERT DATA {{ ogr:observation-riihimaki-gastric-2016-gastric-cancer-to-peritoneum og:percent 90.0 .
                       ogr:study-riihimaki-gastric-2016 og:studyDesign ogr:design-registry .
                       ogr:observation-zhang-gastric-2020-gastric-cancer-to-peritoneum a og:MetastasisObservation ;
                           og:forCancer ogr:gastric-cancer ; og:metastasisSite ogr:site-peritoneum ; og:percent 20.0 ;
                           rdfs:label "test"@en ; og:tableOrFigure "Table 9" ; dcterms:source ogr:study-zhang-gastric-2020 . }}
    """)
    report = validate_graph(graph, load_shapes(kg.sources.shapes), kg.sources.qc_queries)
    problems = [(p.severity, p.focus.rsplit("/", 1)[-1], p.message) for p in report.violations + report.warnings]

    def has(severity: str, focus: str, fragment: str) -> bool:
        return any(s.upper() == severity and f == focus and fragment in m for s, f, m in problems)

    zf = "observation-zhang-gastric-2020-gastric-cancer-to-"
    assert has("VIOLATION", zf + "liver", "a decimal from 0 to 100"), [p[2] for p in problems if "liver" in p[1]]
    assert has("VIOLATION", zf + "lung", "cannot be more than the patients counted"), problems
    assert has("VIOLATION", zf + "bone", "cannot be more than the cohort's patients with this primary"), problems
    assert has("VIOLATION", zf + "bone", "more than the cohort of study"), problems
    assert has("VIOLATION", "study-patel-melanoma-1978", "needs its DOI (og:doi) or PubMed ID"), problems
    assert has("WARNING", "observation-riihimaki-gastric-2016-gastric-cancer-to-peritoneum", "more than 30 points apart"), problems


def test_problems_point_at_the_table_row(kg) -> None:
    from oncograph.locate import SubjectLocator

    locator = SubjectLocator.from_files(kg.sources.evidence, PREFIXES)
    table = kg.sources.evidence[1]
    where = locator.find(OGR + "observation-zhang-gastric-2020-gastric-cancer-to-liver")
    line = table.read_text(encoding="utf-8").splitlines()[where.line - 1]
    assert where.path == table and line.startswith("zhang-gastric-2020\togr:gastric-cancer\togr:site-liver\t")
    assert locator.find(OGR + "study-zhang-gastric-2020").path.name == STUDIES_FILE
