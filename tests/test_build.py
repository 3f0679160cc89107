"""`oncograph build`: deterministic, re-parseable, OWL-loadable output; clear errors on bad sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import owlready2
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from oncograph.cli import cli


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a fresh process (as a user would)."""
    return subprocess.run([sys.executable, "-m", "oncograph", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(built_release) -> Path:
    return built_release.out / "oncograph.ttl"


def test_build_writes_release_and_summary(built_release, kg) -> None:
    assert (built_release.out / "oncograph.ttl").is_file()
    output = built_release.stdout + built_release.stderr
    assert "owlready2 loaded" in output
    for step in ("load", "reason", "validate", "owl check", "write", "round-trip", "publish"):
        assert f"  {step} " in output
    patterns = kg.class_counts()["metastasis pattern"]
    assert any(line.split()[-1:] == [str(patterns)] and "metastasis pattern" in line for line in output.splitlines())
    assert (built_release.out / "metastasis-evidence.csv").read_text(encoding="utf-8").startswith("observation,cancer,cancer_iri,site,")


def test_release_reparses_to_an_isomorphic_graph(kg, built: Path) -> None:
    from oncograph.build import with_version_iri
    from oncograph.release.variants import release_date

    reparsed = Graph().parse(built, format="turtle")
    assert isomorphic(reparsed, with_version_iri(kg.graph, "full", release_date(kg.store)))


def test_owlready2_loads_the_release_with_its_individuals(built: Path, tmp_path: Path) -> None:
    nt = tmp_path / "release.nt"
    Graph().parse(built, format="turtle").serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    breast = onto.search_one(iri="https://w3id.org/oncograph/resource/breast-cancer")
    assert breast is not None
    assert "SolidCancerType" in {c.name for c in breast.is_a}
    world.close()


def test_release_has_dated_version_iri_and_licence(built: Path) -> None:
    text = built.read_text(encoding="utf-8")
    assert "owl:versionIRI <https://w3id.org/oncograph/releases/2026-11-24/oncograph-full.owl>" in text
    assert "dcterms:license <https://creativecommons.org/licenses/by/4.0/>" in text


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ('@prefix og: <https://w3id.org/oncograph/ontology#> .\n<http://x/a> og:p "unterminated .\n', "2:19",
         "the file ends inside a statement (an object, a closing quote or the final '.' is missing)"),
        ("@prefix og: <https://w3id.org/oncograph/ontology#> .\n\nnope:a og:p og:b .\n", "3:1", "The prefix nope: has not been declared"),
    ],
)
def test_malformed_turtle_names_file_and_line_and_writes_nothing(sources_copy: Path, tmp_path: Path, content, line, reason) -> None:
    broken = sources_copy / "data" / "zz-broken.ttl"
    broken.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", "--sources", str(sources_copy), "--out", str(out))
    assert result.returncode == 2
    assert f"{broken}:{line}: Turtle syntax error" in result.stderr  # line:column, from pyoxigraph's SyntaxError
    assert reason in result.stderr
    assert not out.exists()


def test_empty_turtle_file_is_refused(sources_copy: Path, tmp_path: Path) -> None:
    empty = sources_copy / "data" / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    result = run_cli("build", "--sources", str(sources_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{empty}: the file holds no triples" in result.stderr


def test_failed_build_leaves_previous_release_intact(sources_copy: Path, built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "oncograph.ttl"
    previous.write_bytes(built.read_bytes())
    (sources_copy / "data" / "cancers.ttl").write_text("this is not turtle", encoding="utf-8")
    result = run_cli("build", "--sources", str(sources_copy), "--out", str(out))
    assert result.returncode == 2
    assert previous.read_bytes() == built.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["oncograph.ttl"]


def test_bad_mapping_prefix_names_the_line(sources_copy: Path, tmp_path: Path) -> None:
    table = sources_copy / "mappings.sssom.tsv"
    lines = table.read_text(encoding="utf-8").splitlines()
    first_row = next(i for i, line in enumerate(lines) if line.startswith("ogr:"))
    lines[first_row] = lines[first_row].replace("ogr:", "nosuch:", 1)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("build", "--sources", str(sources_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{table}:{first_row + 1}: subject_id 'nosuch:" in result.stderr


def test_data_only_extension_needs_no_code(sources_copy: Path, kg, rules_reasoner) -> None:
    """Adding a cancer type, a site and a pattern touches data files only."""
    (sources_copy / "data" / "extra.ttl").write_text(
        """@prefix og: <https://w3id.org/oncograph/ontology#> .
@prefix ogr: <https://w3id.org/oncograph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
ogr:test-cancer a og:SolidCancerType ; rdfs:label "test cancer"@en ; og:subtypeOf ogr:cancer ;
    dcterms:source ogr:source-ctca-stage-4-cancer .
ogr:site-test a og:AnatomicalSite ; rdfs:label "test site"@en ; dcterms:source ogr:source-ctca-stage-4-cancer .
ogr:metastasis-test a og:MetastasisPattern ; og:forCancer ogr:test-cancer ; og:metastasisSite ogr:site-test ;
    og:frequency ogr:frequency-reported ; dcterms:source ogr:source-ctca-stage-4-cancer .
""",
        encoding="utf-8",
    )
    from oncograph import load

    extended = load(sources_copy)
    assert extended.class_counts()["metastasis pattern"] == kg.class_counts()["metastasis pattern"] + 1
    assert extended.label("https://w3id.org/oncograph/resource/test-cancer") == "test cancer"


@pytest.mark.parametrize("where", ["same", "inside", "containing"])
def test_out_dir_overlapping_the_sources_is_refused(sources_copy: Path, where: str) -> None:
    out = {"same": sources_copy, "inside": sources_copy / "data" / "dist", "containing": sources_copy.parent}[where]
    before = {p: p.read_bytes() for p in sources_copy.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, ["build", "--sources", str(sources_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert "the sources folder" in result.output and "  load " not in result.output
    assert {p: p.read_bytes() for p in sources_copy.rglob("*") if p.is_file()} == before


def test_unusable_out_dir_fails_before_the_pipeline_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = run_cli("build", "--out", str(tmp_path / "a-file" / "dist"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["building the release:",
                                          f"error: --out {tmp_path}/a-file/dist cannot be made: "
                                          f"{tmp_path}/a-file is a file, not a folder"]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_sigterm_during_hermit_kills_java_and_leaves_no_files(tmp_path: Path) -> None:
    """The step's name shows when it starts; SIGTERM then stops the build, HermiT's Java and its temp files."""
    import os
    import shutil
    import signal
    import time

    if shutil.which("java") is None:
        pytest.skip("HermiT needs Java")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "stderr"
    env = {**os.environ, "TMPDIR": str(scratch), "ONCOGRAPH_REASONER": ""}
    with open(log, "wb") as err:
        build = subprocess.Popen([sys.executable, "-m", "oncograph", "build", "--no-cache", "--out", str(tmp_path / "dist")],
                                 stdout=subprocess.DEVNULL, stderr=err, env=env)
    try:
        deadline = time.monotonic() + 60
        java: list[int] = []
        while time.monotonic() < deadline and build.poll() is None and not java:
            if "  reason " in log.read_text(encoding="utf-8"):
                java = [pid for pid in _children(build.pid) if "java" in Path(f"/proc/{pid}/cmdline").read_bytes().decode()]
            time.sleep(0.05)
        assert java, log.read_text(encoding="utf-8")
        assert "reason      " in log.read_text(encoding="utf-8").splitlines()[-1]  # named before it ends
        build.send_signal(signal.SIGTERM)
        assert build.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        build.kill()
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in java)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "stderr", "tmp"]
    assert list(scratch.iterdir()) == []
    assert "error: the build was stopped by SIGTERM; nothing was published" in log.read_text(encoding="utf-8")
