"""Remote stores (issue 14, item 4): `oncograph push` into a real Oxigraph server started by the test, then the same
saved queries through `--endpoint` and `oncograph.connect` give the local rows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import oncograph
from oncograph.cli import cli
from oncograph.http.push import PushError, chunks, push, release_graph_iri
from oncograph.http.remote import RemoteError

from .conftest import free_port, wait_for_http  # noqa: TID252


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory) -> str:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/query?query=ASK%7B%7D", process)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph_url: str, kg) -> str:
    """The release graph's IRI after `oncograph push` filled it."""
    result = CliRunner().invoke(cli, ["push", "--store", f"{oxigraph_url}/store", "--chunk-size", "8000"])
    assert result.exit_code == 0, result.output
    graph = release_graph_iri(kg.store)
    chunks = -(-len(kg.store) // 8000)  # blank-node components stay whole, so a chunk may run a little over
    assert any(f"pushed {len(kg.store)} triples in {n} chunks into <{graph}>" in result.stdout for n in (chunks, chunks + 1))
    assert f"the store holds {len(kg.store)} triples in that graph" in result.stdout
    return graph


def test_query_endpoint_gives_the_local_rows(oxigraph_url: str, pushed: str) -> None:
    args = ["query", "metastasis-sites-of", "-p", "cancer=LUAD", "--format", "csv"]
    local = CliRunner().invoke(cli, args)
    remote = CliRunner().invoke(cli, [*args, "--endpoint", f"{oxigraph_url}/query", "--graph", pushed])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and "adrenal gland" in local.stdout
    sparql = ["sparql", "SELECT ?c WHERE { ?c og:gradedRatherThanStaged true } ORDER BY ?c", "--format", "tsv"]
    assert (CliRunner().invoke(cli, [*sparql, "--endpoint", f"{oxigraph_url}/query", "--graph", pushed]).stdout
            == CliRunner().invoke(cli, sparql).stdout)


def test_connect_runs_every_saved_query_like_the_local_graph(oxigraph_url: str, pushed: str, kg) -> None:
    remote = oncograph.connect(f"{oxigraph_url}/query", graph=pushed)
    assert len(remote) == len(kg.store)
    assert remote.resolve("UBERON:0002369") == kg.resolve("UBERON:0002369")
    compared = 0
    for name, saved in kg.catalogue.items():
        params = {p.name: p.example for p in saved.parameters if p.example}
        try:
            local = kg.query(name, **params)
        except oncograph.OncographError:  # an example that names several entities fails alike remotely
            with pytest.raises(oncograph.OncographError):
                remote.query(name, **params)
            continue
        answer = remote.query(name, **params)
        assert answer.variables == local.variables, name
        assert _rows(answer) == _rows(local), name
        compared += 1
    assert compared >= 15
    with pytest.raises(oncograph.OncographError, match="Did you mean: 'lung cancer'"):
        remote.query("metastasis-sites-of", cancer="lung cancr")


def _rows(result) -> list:  # noqa: ANN001
    """Rows comparable across engines: GROUP_CONCAT order is not defined, so concatenated cells become sets."""
    def cell(value: object) -> object:
        return tuple(sorted(str(value).replace(" | ", "; ").split("; "))) if isinstance(value, str) else value
    return sorted(sorted((k, repr(cell(v))) for k, v in row.items()) for row in result.records())


def test_push_refuses_to_add_to_a_filled_graph(oxigraph_url: str, pushed: str) -> None:
    again = CliRunner().invoke(cli, ["push", "--store", f"{oxigraph_url}/store"])
    assert again.exit_code == 2 and "already holds" in again.stderr and "--replace" in again.stderr
    small = ox.Store()
    small.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.BlankNode("b")))
    small.add(ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    graph = "http://example.org/graphs/small"
    assert push(small, f"{oxigraph_url}/store", graph, chunk_size=1).remote_triples == 2
    with pytest.raises(PushError, match="already holds 2 triples"):
        push(small, f"{oxigraph_url}/store", graph)
    assert push(small, f"{oxigraph_url}/store", graph, replace=True).remote_triples == 2


def test_chunks_keep_blank_node_components_together() -> None:
    b1, b2, p = ox.BlankNode("b1"), ox.BlankNode("b2"), ox.NamedNode("http://example.org/p")
    triples = [ox.Triple(ox.NamedNode(f"http://example.org/{i}"), p, ox.Literal(str(i))) for i in range(5)]
    triples += [ox.Triple(ox.NamedNode("http://example.org/c"), p, b1), ox.Triple(b1, p, b2), ox.Triple(b2, p, ox.Literal("z"))]
    parts = list(chunks(triples, 2))
    assert sorted(map(str, (t for part in parts for t in part))) == sorted(map(str, triples))
    assert any({str(t) for t in part} >= {str(t) for t in triples[5:]} for part in parts)


def test_unreachable_or_bad_endpoints_are_clear_errors() -> None:
    closed = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(cli, ["query", "graded-not-staged", "--endpoint", closed])
    assert result.exit_code == 2 and f"cannot reach {closed}" in result.stderr
    with pytest.raises(RemoteError, match="not an http"):
        oncograph.connect("ftp://example.org/sparql")
    usage = CliRunner().invoke(cli, ["query", "graded-not-staged", "--graph", "http://example.org/g"])
    assert usage.exit_code == 2 and "--graph needs --endpoint" in usage.stderr
