"""`oncograph validate` and the build's validation gate, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")
HEADER = """@prefix og: <https://w3id.org/oncograph/ontology#> .
@prefix ogr: <https://w3id.org/oncograph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def oncograph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oncograph", *args], capture_output=True, text=True, check=False)


@pytest.fixture()
def user_file(tmp_path: Path) -> Path:
    """A curator's own file: one good pattern and one whose site is not a site (line 11)."""
    path = tmp_path / "my-patterns.ttl"
    path.write_text(HEADER + """
ogr:metastasis-good a og:MetastasisPattern ; rdfs:label "good pattern"@en ;
    og:forCancer ogr:breast-cancer ; og:metastasisSite ogr:site-spleen ;
    og:frequency ogr:frequency-reported ; dcterms:source ogr:source-ctca-stage-4-cancer .

ogr:metastasis-bad a og:MetastasisPattern ; rdfs:label "bad pattern"@en ;
    og:forCancer ogr:breast-cancer ; og:metastasisSite ogr:lung-cancer ;
    og:frequency ogr:frequency-reported ; dcterms:source ogr:source-ctca-stage-4-cancer .
""", encoding="utf-8")
    return path


def test_project_sources_conform() -> None:
    result = oncograph("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms: 0 violation(s)" in result.stdout


def test_user_file_violation_names_entity_property_expectation_and_line(user_file: Path) -> None:
    result = oncograph("validate", str(user_file))
    assert result.returncode == 1
    line = next(text for text in result.stdout.splitlines() if text.startswith("VIOLATION"))
    assert line == (
        "VIOLATION: bad pattern <https://w3id.org/oncograph/resource/metastasis-bad> og:metastasisSite: "
        f"a metastasis pattern's site must be exactly one anatomical site (og:metastasisSite) [{user_file}:11]"
    )
    assert "metastasis-good" not in result.stdout.replace("metastasis-bad", "")  # the good one is clean
    assert "does NOT conform: 1 violation(s)" in result.stdout


def test_edited_copy_of_a_shipped_file_replaces_the_shipped_entities(tmp_path: Path) -> None:
    from oncograph.resources import ontology_dir

    copy = tmp_path / "cancers.ttl"
    text = (ontology_dir() / "data" / "cancers.ttl").read_text(encoding="utf-8")
    copy.write_text(text.replace('rdfs:label "leukemia"@en', 'rdfs:label "leukemia"@en ; og:stagedWith ogr:tnm'), encoding="utf-8")
    result = oncograph("validate", str(copy), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    (problem,) = report["problems"] if report["violations"] == len(report["problems"]) else [
        p for p in report["problems"] if p["severity"] == "Violation"]
    assert problem["focus"].endswith("/leukemia") and problem["path"] == "og:stagedWith"
    assert "not staged with TNM" in problem["message"]
    assert problem["location"].startswith(f"{copy}:")


def test_turtle_format_is_a_shacl_report(user_file: Path) -> None:
    result = oncograph("validate", str(user_file), "--format", "turtle")
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, SH.conforms, Literal(False)) in report
    assert len(list(report.subjects(SH.resultSeverity, SH.Violation))) == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file holds no triples"),
        (HEADER + "ogr:x a og:Therapy ;\n    rdfs:label \"x\"@en ,\n", ":7: Turtle syntax error: objectList expected"),
        (HEADER + "\nfoo:x a og:Therapy .\n", ':7: Turtle syntax error: Prefix "foo:" not bound'),
    ],
    ids=["empty", "malformed", "unknown-prefix"],
)
def test_unusable_input_exits_2_naming_file(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "input.ttl"
    path.write_text(content, encoding="utf-8")
    result = oncograph("validate", str(path))
    assert result.returncode == 2
    assert f"{path}" in result.stderr and expected in result.stderr


def test_missing_path_exits_2() -> None:
    result = oncograph("validate", "/no/such/file.ttl")
    assert result.returncode == 2
    assert "/no/such/file.ttl" in result.stderr


def test_build_fails_on_violation_and_writes_nothing(sources_copy: Path, tmp_path: Path) -> None:
    data = sources_copy / "data" / "cancers.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace(
        'rdfs:label "lymphoma"@en ;', 'rdfs:label "lymphoma"@en ; og:stagedWith ogr:tnm ;'), encoding="utf-8")
    out = tmp_path / "out"
    result = oncograph("build", "--sources", str(sources_copy), "--out", str(out))
    assert result.returncode == 1
    assert "the graph does not validate, nothing was written" in result.stderr
    assert "lymphoma <https://w3id.org/oncograph/resource/lymphoma> og:stagedWith" in result.stderr
    assert not out.exists()
