"""The query CLI: output formats, errors on stderr with non-zero exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def oncograph(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oncograph", *args], capture_output=True, text=True, input=stdin, check=False)


def test_seed_question_from_the_cli() -> None:
    result = oncograph("query", "cancers-metastasizing-to", "--param", "site=adrenal glands")
    assert result.returncode == 0, result.stderr
    body = result.stdout.splitlines()
    assert body[0].split() == ["cancer", "site", "percent", "frequency", "patients", "study", "design", "studies", "source"]
    cancers = [line.split("  ")[0] for line in body[2:-1]]
    assert len(cancers) > 2 and cancers[-2:] == ["lung cancer", "prostate cancer"]  # the seed's words after the numbers
    assert body[2].startswith("melanoma") and "46.8" in body[2] and "doi:" in body[2]  # highest percent first


def test_json_output_is_sparql_results_json() -> None:
    result = oncograph("query", "cancers-metastasizing-to", "-p", "site=UBERON:0002369", "--format", "json")
    data = json.loads(result.stdout)
    bindings = data["results"]["bindings"]
    assert [b["cancerLabel"]["value"] for b in bindings if "percent" not in b] == ["lung cancer", "prostate cancer"]
    assert bindings[0]["percent"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"


def test_queries_lists_catalogue() -> None:
    result = oncograph("queries")
    assert result.returncode == 0
    assert "cancers-metastasizing-to: Cancers that spread to a site" in result.stdout
    assert "--param site=<og:AnatomicalSite>" in result.stdout
    listing = json.loads(oncograph("queries", "--format", "json").stdout)
    assert {q["name"] for q in listing} >= {"treatment-options", "graph-statistics"}


def test_sparql_from_text_file_and_stdin(tmp_path) -> None:
    query = "SELECT ?c WHERE { ?c og:gradedRatherThanStaged true } ORDER BY ?c"
    file = tmp_path / "q.rq"
    file.write_text(query, encoding="utf-8")
    for args, stdin in ((["sparql", query], None), (["sparql", str(file)], None), (["sparql", "-"], query)):
        result = oncograph(*args, "--format", "csv", stdin=stdin)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[1] == "https://w3id.org/oncograph/resource/brain-cancer"


def test_show_card() -> None:
    result = oncograph("show", "HER2 status")
    assert result.returncode == 0
    assert "biomarker status" in result.stdout
    assert "selected by" in result.stdout and "systemic drug treatment for stage 4 breast cancer" in result.stdout
    card = json.loads(oncograph("show", "adrenal glands", "--format", "json").stdout)
    assert card["iri"].endswith("site-adrenal-gland")
    assert any(f["value"] == "http://purl.obolibrary.org/obo/UBERON_0002369" for f in card["facts"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query"], "no saved query called 'no-such-query'"),
        (["query", "cancers-metastasizing-to"], "needs parameter 'site'"),
        (["query", "cancers-metastasizing-to", "-p", "organ=brain"], "has no parameter 'organ'"),
        (["query", "cancers-metastasizing-to", "-p", "site=brian"], "Did you mean: 'brain'"),
        (["sparql", "SELECT * WHERE { ?s ?p }"], "SPARQL syntax error at 1:18"),
        (["sparql", "SELECT * WHERE { SERVICE <http://x.org/> { ?s ?p ?o } }"], "SERVICE would query a remote endpoint"),
        (["show", "adrenal glnd"], "Did you mean: 'adrenal gland'"),
    ],
)
def test_errors_go_to_stderr_with_nonzero_exit(args: list[str], message: str) -> None:
    result = oncograph(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_malformed_param_is_a_usage_error() -> None:
    result = oncograph("query", "cancers-metastasizing-to", "-p", "site")
    assert result.returncode == 2
    assert "is not KEY=VALUE" in result.stderr


def test_cached_query_path_never_imports_rdflib() -> None:
    """The cold-start target rests on the query path staying free of rdflib, owlready2 and pySHACL."""
    oncograph("query", "graded-not-staged")  # warms the cache
    code = (
        "import sys\n"
        "from oncograph.cli import cli\n"
        "try:\n    cli(['query', 'cancers-metastasizing-to', '-p', 'site=adrenal glands'], prog_name='oncograph')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rdflib', 'owlready2', 'pyshacl') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[-1] == "[]", result.stdout + result.stderr
