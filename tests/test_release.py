"""The release folder: every artefact, every format round-trips, independent readers, byte-identical rebuilds."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
from rdflib import Graph

from oncograph.build import with_version_iri
from oncograph.release.variants import release_date
from oncograph.serialize import ntriples_bytes

FORMATS = {"ttl": ("turtle", ox.RdfFormat.TURTLE), "nt": ("nt", ox.RdfFormat.N_TRIPLES),
           "jsonld": ("json-ld", ox.RdfFormat.JSON_LD), "owl": ("xml", ox.RdfFormat.RDF_XML)}


@pytest.fixture(scope="module")
def release(built_release) -> Path:
    return built_release.out


@pytest.fixture(scope="module")
def expected(kg) -> dict[str, Graph]:
    """Each variant built with rdflib from the hub's graphs, independently of the N-Triples the release is written from."""
    date = release_date(kg.store)
    return {"base": with_version_iri(kg.asserted, "base", date), "full": with_version_iri(kg.graph, "full", date)}


@pytest.fixture(scope="module")
def expected_canonical(expected) -> dict[str, bytes]:
    return {variant: ntriples_bytes(graph) for variant, graph in expected.items()}


def test_release_lists_every_artefact(release: Path) -> None:
    names = {str(p.relative_to(release)) for p in release.rglob("*") if p.is_file()}
    for variant in ("base", "full"):
        assert {f"oncograph-{variant}.{ext}" for ext in FORMATS} <= names
    assert {"oncograph.ttl", "oncograph.sssom.tsv", "stats.tsv", "release-report.md", "SHA256SUMS"} <= names
    assert "answers/graded-not-staged.csv" in names and "answers/graph-statistics.csv" in names
    assert not any(name.startswith(".") for name in names)


@pytest.mark.parametrize("variant", ["base", "full"])
@pytest.mark.parametrize("ext", list(FORMATS))
def test_each_format_round_trips_isomorphically(release: Path, expected_canonical, variant: str, ext: str) -> None:
    """rdflib's own parsers read each file as the expected graph. Compared in canonical form (blank nodes relabelled
    by rdflib.compare's canonical algorithm, the one ``isomorphic`` runs, on the triples holding them; the rest
    sorted): 0.6 s for the parsed graph where ``isomorphic`` took 1.4 s (idle; the expected side is computed once)."""
    graph = Graph().parse(release / f"oncograph-{variant}.{ext}", format=FORMATS[ext][0])
    assert ntriples_bytes(graph) == expected_canonical[variant]


@pytest.mark.parametrize("ext", list(FORMATS))
def test_pyoxigraph_reads_every_format(release: Path, expected, ext: str) -> None:
    store = ox.Store()
    store.load(path=str(release / f"oncograph-full.{ext}"), format=FORMATS[ext][1])
    assert len(store) == len(expected["full"])
    ask = "ASK { <https://w3id.org/oncograph/resource/breast-cancer> <https://w3id.org/oncograph/ontology#metastasizesTo> <https://w3id.org/oncograph/resource/site-central-nervous-system> }"
    assert store.query(ask)


def test_owlready2_loads_the_rdfxml_release(release: Path) -> None:
    world = owlready2.World()
    onto = world.get_ontology((release / "oncograph-full.owl").as_uri()).load()
    breast = onto.search_one(iri="https://w3id.org/oncograph/resource/breast-cancer")
    assert {c.name for c in breast.is_a} >= {"SolidCancerType", "CancerWithCNSMetastasis"}
    world.close()


def test_version_iris_are_dated_per_variant(release: Path) -> None:
    ontology, version_iri = ox.NamedNode("https://w3id.org/oncograph/ontology"), ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")
    for variant in ("base", "full"):
        versions = [t.object.value for t in ox.parse(path=release / f"oncograph-{variant}.ttl", format=ox.RdfFormat.TURTLE)
                    if t.subject == ontology and t.predicate == version_iri]
        assert versions == [f"https://w3id.org/oncograph/releases/2026-11-24/oncograph-{variant}.owl"]


def test_base_has_no_inferences_and_full_has_them(release: Path) -> None:
    shortcut = "<https://w3id.org/oncograph/resource/breast-cancer> <https://w3id.org/oncograph/ontology#metastasizesTo>"
    assert shortcut not in (release / "oncograph-base.nt").read_text(encoding="utf-8")
    assert shortcut in (release / "oncograph-full.nt").read_text(encoding="utf-8")


def test_stats_answers_and_report(release: Path, kg) -> None:
    stats = list(csv.reader((release / "stats.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert ["class", "metastasis pattern", str(kg.class_counts()["metastasis pattern"])] in stats
    evidence = (release / "metastasis-evidence.csv").read_text(encoding="utf-8").splitlines()
    assert evidence[0] == "observation,cancer,cancer_iri,site,site_iri,percent,numerator,denominator,patients,design,study,source"
    assert ["source", "CTCA: Stage 4 cancer", stats[[r[:2] for r in stats].index(["source", "CTCA: Stage 4 cancer"])][2]] in stats
    assert ["triples", "inferred", str(len(kg.inferred))] in stats
    coverage = {row[1]: row[2] for row in stats if row[0] == "coverage"}
    covered, total = (int(n) for n in coverage["cancer type with OncoTree"].split(" of "))
    assert total >= 800 and covered >= 800
    assert {"cancer type with DOID", "cancer type with MONDO", "cancer type with NCIt", "anatomical site with UBERON"} <= set(coverage)
    answers = (release / "answers" / "graded-not-staged.csv").read_text(encoding="utf-8").splitlines()
    assert answers[0] == "cancer,cancerLabel,system,systemLabel" and len(answers) == 4
    report = (release / "release-report.md").read_text(encoding="utf-8")
    assert "# oncograph release 2026-11-24" in report and "0 violations" in report and "HermiT" in report
    assert "## Cross-reference coverage" in report and "| cancer type | MONDO |" in report
    # QC warnings name their file relative to the sources' folder, so checkouts build the same report
    assert "[ontology/data/anatomy.ttl:" in report
    assert not [line for line in report.splitlines() if line.startswith("- WARNING") and "[/" in line]
    sssom = (release / "oncograph.sssom.tsv").read_text(encoding="utf-8")
    assert "ogr:site-adrenal-gland\tadrenal gland\tskos:exactMatch\tUBERON:0002369" in sssom
    # the import modules' mapping sets are published beside it, as they are, and summed
    from oncograph.resources import ontology_dir

    sums = (release / "SHA256SUMS").read_text(encoding="utf-8")
    for name in ("oncotree.sssom.tsv", "oncotree-chained.sssom.tsv"):
        assert (release / "mappings" / name).read_bytes() == (ontology_dir() / "imports" / name).read_bytes()
        assert f"  mappings/{name}\n" in sums


def test_rebuild_is_byte_identical(built_release, release: Path, tmp_path: Path) -> None:
    """The shared build took its reasoned graph from the cache; this one merges and reasons afresh: same bytes."""
    assert "from the cache" in built_release.stderr
    again = tmp_path / "again"
    result = subprocess.run([sys.executable, "-m", "oncograph", "build", "--no-cache", "--out", str(again)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "from the cache" not in result.stderr and "inferred triples by HermiT" in result.stderr
    first = {p.relative_to(release): p.read_bytes() for p in release.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize(("args", "fmt"), [(["--format", "nt"], "nt"), (["--format", "jsonld", "--full"], "json-ld"),
                                           (["--format", "xml"], "xml"), ([], "turtle")])
def test_export_writes_one_artefact(release: Path, tmp_path: Path, args: list[str], fmt: str) -> None:
    target = tmp_path / "export.out"
    result = subprocess.run([sys.executable, "-m", "oncograph", "export", *args, "-o", str(target)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    variant = "full" if "--full" in args else "base"
    ext = {"nt": "nt", "json-ld": "jsonld", "xml": "owl", "turtle": "ttl"}[fmt]
    assert target.read_bytes() == (release / f"oncograph-{variant}.{ext}").read_bytes()


def test_export_to_stdout() -> None:
    result = subprocess.run([sys.executable, "-m", "oncograph", "export", "--format", "nt"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert len(Graph().parse(data=result.stdout, format="nt")) > 2000


def test_sha256sums_checks_every_file_with_sha256sum(release: Path) -> None:
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    names = {str(p.relative_to(release)) for p in release.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert {line.split("  ", 1)[1] for line in sums} == names
    assert all(len(line.split("  ", 1)[0]) == 64 for line in sums)
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=release, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "SHA256SUMS" in (release / "release-report.md").read_text(encoding="utf-8")


def test_owl_files_use_typed_node_elements(release: Path) -> None:
    """pronto and OWL tools read `<owl:Class rdf:about=...>`; rdf:Description is left for untyped nodes only."""
    import re

    for variant in ("base", "full"):
        text = (release / f"oncograph-{variant}.owl").read_text(encoding="utf-8")
        assert '<owl:Class rdf:about="https://w3id.org/oncograph/ontology#CancerType">' in text
        assert '<owl:NamedIndividual rdf:about="https://w3id.org/oncograph/resource/breast-cancer">' in text
        blocks = re.findall(r'^\s<rdf:Description .*?^\s</rdf:Description>', text, re.MULTILINE | re.DOTALL)
        for block in blocks:
            assert "<rdf:type " not in block
        assert text.count("<owl:NamedIndividual rdf:about=") > 1000  # the data's individuals are typed elements


def test_jsonld_is_compact_with_our_prefixes_as_context(release: Path) -> None:
    import json

    from oncograph.namespaces import PREFIXES

    document = json.loads((release / "oncograph-full.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == dict(PREFIXES)
    ids = {node["@id"] for node in document["@graph"]}
    assert "ogr:breast-cancer" in ids and not any(i.startswith("https://w3id.org/oncograph/resource/") for i in ids)


def test_sssom_py_validates_the_mapping_table(release: Path) -> None:
    """sssom-py's own validator (the SSSOM schema, CURIE map, justification vocabulary) accepts the table."""
    sssom = Path(sys.executable).parent / "sssom"
    assert sssom.exists(), "sssom-py is in the test extra: pip install -e '.[test]'"
    tables = [release / "oncograph.sssom.tsv", *sorted((release / "mappings").glob("*.sssom.tsv"))]
    assert len(tables) == 3
    for table in tables:
        result = subprocess.run([str(sssom), "validate", str(table)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{table.name}: {result.stdout}{result.stderr}"
