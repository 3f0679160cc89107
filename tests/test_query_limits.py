"""Ad-hoc SPARQL has a time limit and a row cap that really stop the work (issue 11, item 3)."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import textwrap
import time

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from oncograph.cli import cli
from oncograph.errors import OncographError
from oncograph.query_limits import QueryLimitError, QueryLimits, QueryRunError, run_bounded

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


def _small_store() -> ox.Store:
    store = ox.Store()
    for i in range(30):
        store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"), ox.Literal(str(i))))
    return store


def test_cartesian_product_is_stopped_at_the_timeout(kg) -> None:
    started = time.monotonic()
    with pytest.raises(QueryLimitError, match=r"stopped after 0.5 s \(the time limit\)") as caught:
        kg.sparql(CARTESIAN, timeout=0.5)
    assert caught.value.exit_code == 3
    assert not multiprocessing.active_children(), "the worker must be killed, not left running"
    # generous bound: the point is that it does not run for the minutes the query would take
    assert time.monotonic() - started < 20


def test_row_cap_truncates_and_says_so(kg) -> None:
    result = kg.sparql(ROWS, max_rows=7)
    assert len(result) == 7 and result.truncated
    assert "cut at the row cap of 7" in result.to_table()
    assert not kg.sparql("SELECT ?l WHERE { ogr:breast-cancer rdfs:label ?l }", max_rows=1).truncated


def test_limits_can_be_lifted_and_are_checked(kg) -> None:
    assert len(kg.sparql("SELECT ?s WHERE { ?s a/rdfs:subClassOf* og:CancerType }", timeout=None, max_rows=None)) > 10
    with pytest.raises(OncographError, match="positive"):
        kg.sparql(ROWS, max_rows=0)
    with pytest.raises(OncographError, match="positive"):
        kg.sparql(ROWS, timeout=-1)


def test_run_bounded_works_on_any_store() -> None:
    """The reusable piece: a plain pyoxigraph store, no KnowledgeGraph."""
    answer = run_bounded(_small_store(), ROWS, QueryLimits(timeout=10, max_rows=100))
    assert answer.variables == ["a", "b", "c", "d", "e", "f"]
    assert len(answer.rows) == 100 and answer.truncated
    with pytest.raises(QueryRunError) as caught:
        run_bounded(_small_store(), "SELECT * WHERE { ?s ex:p ?o }")
    assert caught.value.syntax


def test_spawned_worker_loads_the_store_itself() -> None:
    """Where fork is missing (Windows) the worker gets the store as N-Quads; same answer."""
    answer = run_bounded(_small_store(), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", start_method="spawn")
    assert answer.rows[0][0].value == "30"


def test_cli_timeout_and_row_cap() -> None:
    runner = CliRunner()
    stopped = runner.invoke(cli, ["sparql", CARTESIAN, "--timeout", "0.5"])
    assert stopped.exit_code == 3
    assert "error: the query was stopped after 0.5 s" in stopped.stderr
    capped = runner.invoke(cli, ["sparql", ROWS, "--max-rows", "3", "--format", "tsv"])
    assert capped.exit_code == 0
    assert len(capped.stdout.splitlines()) == 1 + 3
    assert "warning: the answer was cut at 3 rows (--max-rows)" in capped.stderr


def _default_sigint() -> None:
    """In the child before exec: SIGINT at its default action and unblocked, as in a shell. A child inherits ignored
    and blocked signals, and a pytest-xdist worker that ran other tests first may have left SIGINT so (the two tests
    below hung in two clean-clone runs, never in a single process)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_right_after_the_fork_never_leaves_the_worker_running() -> None:
    """A Ctrl-C that lands just after multiprocessing forked the worker, before the caller waits on it, used to
    leave the worker running (seen once in a clean-clone run on a loaded machine), and the caller hung at exit
    waiting for it. Made certain here: ``Process.start`` is wrapped to send this process SIGINT (then to raise
    KeyboardInterrupt itself) right after the real fork; either way no worker may be left."""
    for how in ("signal", "raise"):
        code = textwrap.dedent(f"""
            import multiprocessing.process, os, signal
            import pyoxigraph as ox
            from oncograph.query_limits import QueryLimits, run_bounded
            real_start = multiprocessing.process.BaseProcess.start
            def start(self):
                real_start(self)
                if {how!r} == "signal":
                    os.kill(os.getpid(), signal.SIGINT)
                else:
                    raise KeyboardInterrupt
            multiprocessing.process.BaseProcess.start = start
            store = ox.Store()
            for i in range(60):
                store.add(ox.Quad(ox.NamedNode(f"http://e/{{i}}"), ox.NamedNode("http://e/p"), ox.Literal(str(i))))
            try:
                run_bounded(store, {CARTESIAN!r}, QueryLimits(timeout=None))
            except KeyboardInterrupt:
                print("interrupted", len(multiprocessing.active_children()), flush=True)
        """)
        try:
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                                    preexec_fn=_default_sigint)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the interrupted caller hung ({how})")
        assert result.stdout.split() == ["interrupted", "0"], (how, result.stderr)


def test_ctrl_c_stops_the_query() -> None:
    """Before, a long COUNT(*) ignored Ctrl-C; now the caller waits in Python and kills the worker."""
    code = textwrap.dedent(f"""
        import pyoxigraph as ox
        from oncograph.query_limits import QueryLimits, run_bounded
        store = ox.Store()
        for i in range(60):
            store.add(ox.Quad(ox.NamedNode(f"http://e/{{i}}"), ox.NamedNode("http://e/p"), ox.Literal(str(i))))
        print("ready", flush=True)
        try:
            run_bounded(store, {CARTESIAN!r}, QueryLimits(timeout=None))
        except KeyboardInterrupt:
            import multiprocessing
            print("interrupted", len(multiprocessing.active_children()), flush=True)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, preexec_fn=_default_sigint)
    assert process.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=30)
    assert out.split() == ["interrupted", "0"]
