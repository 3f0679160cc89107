"""The build's worker processes (release/workers.py): the same bytes as in-process, errors come back, and no
worker outlives its build."""

from __future__ import annotations

import multiprocessing

import pyoxigraph as ox
import pytest

from oncograph.errors import OwlLoadError
from oncograph.release.workers import release_workers
from oncograph.serialize import from_ntriples

NT = (b'<https://w3id.org/oncograph/resource/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
      b'<http://www.w3.org/2002/07/owl#NamedIndividual> .\n'
      b'<https://w3id.org/oncograph/resource/a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n')


def _new_children(before: set) -> set:
    return set(multiprocessing.active_children()) - before


def test_a_worker_writes_what_the_main_process_would_and_stops_with_the_block() -> None:
    before = set(multiprocessing.active_children())
    with release_workers({"base": NT, "full": NT}, ox.Store()) as workers:
        jobs = {fmt: workers.write("full", fmt) for fmt in ("turtle", "xml", "json-ld")}
        assert {fmt: job.get(timeout=60) for fmt, job in jobs.items()} == {fmt: from_ntriples(NT, fmt) for fmt in jobs}
        assert _new_children(before)
    assert not _new_children(before)


def test_an_error_in_a_worker_reaches_the_build_and_the_workers_are_stopped() -> None:
    """A graph owlready2 cannot load (no OWL class) fails the owl check in the worker; the error is the one the
    build reports, and a failure in the main process meanwhile stops the workers too."""
    before = set(multiprocessing.active_children())
    with release_workers({"base": NT, "full": NT}, ox.Store()) as workers:
        with pytest.raises(OwlLoadError, match="no OWL class"):
            workers.owl_check().get(timeout=120)
    assert not _new_children(before)
    with pytest.raises(RuntimeError), release_workers({"base": NT, "full": NT}, ox.Store()) as workers:
        workers.write("full", "xml")
        raise RuntimeError("validation failed meanwhile")
    assert not _new_children(before)


def test_a_file_that_does_not_say_what_was_written_is_caught(tmp_path) -> None:
    from oncograph.release.round_trip import same_as_written

    (tmp_path / "good.ttl").write_bytes(from_ntriples(NT, "turtle"))
    (tmp_path / "bad.ttl").write_bytes(from_ntriples(NT.replace(b'"a"@en', b'"b"@en'), "turtle"))
    (tmp_path / "bad.nt").write_bytes(NT + NT[:10])
    with release_workers({"base": NT, "full": NT}, ox.Store()) as workers:
        assert workers.same_as_written([(tmp_path / "good.ttl", "full", "ttl"), (tmp_path / "bad.ttl", "full", "ttl"),
                                        (tmp_path / "bad.nt", "full", "nt")]) == [True, False, False]
    assert same_as_written(tmp_path / "good.ttl", NT, "ttl")
