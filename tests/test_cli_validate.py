"""`oncograph validate` and the build's validation gate, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace

from .conftest import RULES_REASONER  # noqa: TID252

SH = Namespace("http://www.w3.org/ns/shacl#")
R = "https://w3id.org/oncograph/resource/"
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
    # violations are listed in file order, so which file comes first depends on where the checkout lives
    line = next(text for text in result.stdout.splitlines() if text.startswith("VIOLATION: bad pattern"))
    assert line == (
        "VIOLATION: bad pattern <https://w3id.org/oncograph/resource/metastasis-bad> og:metastasisSite: "
        f"a metastasis pattern's site must be exactly one anatomical site (og:metastasisSite) [{user_file}:11]"
    )
    assert "metastasis-good" not in result.stdout.replace("metastasis-bad", "")  # the good one is clean
    # a cancer as a site's object makes lung cancer an anatomical site too: the build would refuse it, so validate does
    clash = next(text for text in result.stdout.splitlines() if text.startswith("VIOLATION: lung cancer"))
    assert "is both og:CancerType (asserted type) and og:AnatomicalSite (object of og:metastasisSite from " \
           "ogr:metastasis-bad, whose range is og:AnatomicalSite)" in clash and "cancers.ttl:" in clash
    assert "does NOT conform: 2 violation(s)" in result.stdout


def test_edited_copy_of_a_shipped_file_replaces_the_shipped_entities(tmp_path: Path, rules_reasoner) -> None:
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
        (HEADER + "ogr:x a og:Therapy ;\n    rdfs:label \"x\"@en ,\n",
         ":8:1: Turtle syntax error: the file ends inside a statement (an object, a closing quote or the final '.' is missing)"),
        (HEADER + "\nfoo:x a og:Therapy .\n", ":7:1: Turtle syntax error: The prefix foo: has not been declared"),
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


def test_build_fails_on_violation_and_writes_nothing(sources_copy: Path, tmp_path: Path, rules_reasoner) -> None:
    data = sources_copy / "data" / "cancers.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace(
        'rdfs:label "lymphoma"@en ;', 'rdfs:label "lymphoma"@en ; og:stagedWith ogr:tnm ;'), encoding="utf-8")
    out = tmp_path / "out"
    result = oncograph("build", "--sources", str(sources_copy), "--out", str(out))
    assert result.returncode == 1
    assert "the graph does not validate, nothing was written" in result.stderr
    assert "lymphoma <https://w3id.org/oncograph/resource/lymphoma> og:stagedWith" in result.stderr
    assert not out.exists()


# ---- `validate PATH` sees what the build sees (issue 11 items 7-9, 12; issue 12 items 4, 10)

USER_FILE = HEADER + """
ogr:ribbon-cancer🎗 a og:HematologicCancerType ; rdfs:label "melanoma"@en ; skos:definition "x"@en ;
    og:metastasizesTo ogr:site-brain ; dcterms:source ogr:source-ctca-stage-4-cancer .

ogr:other-cancer a og:HematologicCancerType ; rdfs:label "Breast Cancer"@en ; skos:definition "x"@en ;
    dcterms:source ogr:source-ctca-stage-4-cancer .

ogr:pattern-named a og:MetastasisPattern ; rdfs:label "named pattern"@en ; og:forCancer ogr:other-cancer .

[] a og:MetastasisPattern ; rdfs:label "blank pattern"@en ; og:forCancer ogr:other-cancer .
"""


@pytest.fixture(scope="module")
def user_report(kg, tmp_path_factory):
    """One validation of a file with several problems (reasoning and pySHACL are the slow part)."""
    path = tmp_path_factory.mktemp("user") / "new-cancers.ttl"
    path.write_text(USER_FILE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:  # the inferences the rules give are HermiT's (see conftest)
        for name, value in RULES_REASONER.items():
            patch.setenv(name, value)
        return path, kg.validate([path])


def _messages(report, focus: str) -> set[tuple[str | None, str]]:
    return {(p.path, p.message) for p in report.problems if p.focus == focus}


def test_blank_node_entities_are_checked_like_named_ones(user_report) -> None:
    path, report = user_report
    (blank,) = {p.focus for p in report.problems if p.focus.startswith("_:")}
    named = _messages(report, R + "pattern-named")
    assert len(named) == 3 and named <= _messages(report, blank)
    assert all(p.location == str(path) and p.focus_label == "blank pattern" for p in report.problems if p.focus == blank)


def test_asserted_shortcut_edge_is_a_violation(user_report) -> None:
    path, report = user_report
    (problem,) = [p for p in report.violations if p.check == "https://w3id.org/oncograph/qc/asserted-shortcut-violation"]
    assert problem.focus == R + "ribbon-cancer🎗" and problem.path == "og:metastasizesTo"
    assert "derived by the reasoner" in problem.message
    assert problem.location == f"{path}:7"  # an entity whose name ends in an emoji is located


def test_label_clash_across_subclasses_is_found_through_inferred_classes(user_report) -> None:
    _, report = user_report
    clashes = [p for p in report.violations if p.focus == R + "ribbon-cancer🎗" and p.path == "rdfs:label"]
    assert [p.message for p in clashes] == ["shares the label \"melanoma\" with 'melanoma', another 'cancer type'"]
    assert any(p.focus == R + "other-cancer" and "differs only in case from another CancerType" in p.message
               for p in report.warnings)


def test_disjointness_clash_fails_validate_as_it_fails_the_build(kg, tmp_path: Path) -> None:
    from oncograph.resources import ontology_dir

    copy = tmp_path / "cancers.ttl"
    text = (ontology_dir() / "data" / "cancers.ttl").read_text(encoding="utf-8")
    copy.write_text(text.replace("ogr:lymphoma a og:HematologicCancerType ;",
                                 "ogr:lymphoma a og:HematologicCancerType , og:AnatomicalSite ;"), encoding="utf-8")
    report = kg.validate([copy])
    assert report.exit_code == 1
    (clash,) = [p for p in report.violations if p.check == "owl:disjointness"]
    assert clash.focus == R + "lymphoma" and clash.location.startswith(f"{copy}:")
    assert "is both og:CancerType (asserted type) and og:AnatomicalSite (asserted type)" in clash.message


def test_unchanged_shipped_file_gives_the_full_validation_restricted_to_it(kg) -> None:
    from oncograph.locate import SubjectLocator
    from oncograph.namespaces import PREFIXES

    anatomy = next(p for p in kg.sources.data if p.name == "anatomy.ttl")
    full = kg.validate()
    defined = SubjectLocator.from_files([anatomy], PREFIXES).subjects_in({anatomy})
    expected = [p for p in full.problems if p.focus in defined]
    assert len(expected) == 5  # the shipped anatomy warnings; without mappings there were more
    assert kg.validate([anatomy]).problems == expected
    lines = [int(p.location.rsplit(":", 1)[1]) for p in expected if p.severity == "Warning"]
    assert lines == sorted(lines)  # numeric order: line 35 before line 114


def test_max_input_flag_refuses_big_files_with_exit_2(kg, tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(HEADER + 'ogr:x og:symbol "%s" .\n' % ("a" * 1_100_000), encoding="utf-8")
    result = oncograph("validate", "--max-input-mb", "1", str(path))
    assert result.returncode == 2
    assert f"{path}: is 1.1 MB, above the 1 MB input limit" in result.stderr and "--max-input-mb" in result.stderr
