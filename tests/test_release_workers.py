"""The build's worker processes (release/workers.py): the same bytes as in-process, errors come back, and no
worker outlives its build."""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path

import pytest

from oncograph.errors import OwlLoadError
from oncograph.release.round_trip import same_as_written
from oncograph.release.workers import WrittenFile, release_workers
from oncograph.serialize import from_ntriples

NT = (b'<https://w3id.org/oncograph/resource/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
      b'<http://www.w3.org/2002/07/owl#NamedIndividual> .\n'
      b'<https://w3id.org/oncograph/resource/a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n')


def _new_children(before: set) -> set:
    return set(multiprocessing.active_children()) - before


def test_a_worker_writes_what_the_main_process_would_and_stops_with_the_block(tmp_path: Path) -> None:
    before = set(multiprocessing.active_children())
    with release_workers() as workers:
        jobs = {fmt: workers.write(NT, fmt, tmp_path / f"out.{fmt}") for fmt in ("turtle", "xml", "json-ld")}
        results = {fmt: job.get(timeout=60) for fmt, job in jobs.items()}
        assert _new_children(before)
    assert not _new_children(before)
    for fmt, result in results.items():
        expected = from_ntriples(NT, fmt)
        assert (tmp_path / f"out.{fmt}").read_bytes() == expected
        assert result == WrittenFile(hashlib.sha256(expected).hexdigest(), len(expected), True)


def test_an_error_in_a_worker_reaches_the_build_and_the_workers_are_stopped() -> None:
    """A graph owlready2 cannot load (no OWL class) fails in the worker with the error the build reports; a
    failure in the main process meanwhile stops the workers too."""
    before = set(multiprocessing.active_children())
    with release_workers() as workers:
        with pytest.raises(OwlLoadError, match="no OWL class"):
            workers.owl_load(NT).get(timeout=120)
    assert not _new_children(before)
    with pytest.raises(RuntimeError), release_workers() as workers:
        workers.owl_load(NT)
        raise RuntimeError("validation failed meanwhile")
    assert not _new_children(before)


def test_a_file_that_does_not_say_what_was_written_is_caught(tmp_path: Path) -> None:
    (tmp_path / "good.ttl").write_bytes(from_ntriples(NT, "turtle"))
    (tmp_path / "bad.ttl").write_bytes(from_ntriples(NT.replace(b'"a"@en', b'"b"@en'), "turtle"))
    (tmp_path / "bad.nt").write_bytes(NT + NT[:10])
    assert same_as_written(tmp_path / "good.ttl", NT, "ttl")
    assert not same_as_written(tmp_path / "bad.ttl", NT, "ttl")
    assert not same_as_written(tmp_path / "bad.nt", NT, "nt")


def test_a_worker_draws_the_release_figures_as_the_main_process_would_and_returns_their_errors() -> None:
    """The build draws its figures in a worker while it validates: the same bytes as in-process, and rows that
    cannot be drawn stop the build with the drawing's own error."""
    from oncograph.figures.plots import FigureDataError, FigureRows, draw_release_figures

    rows = FigureRows(heatmap=[("breast cancer", "bone", 70.0), ("breast cancer", "liver", 30.0),
                               ("lung cancer", "bone", 40.0), ("lung cancer", "brain", 25.0)],
                      hierarchy=[("Breast", "Breast Carcinoma", 12), ("Lung", "Non-Small Cell Lung Cancer", 9)],
                      skipped=[])
    bad = FigureRows(heatmap=[("breast cancer", "bone", 170.0)], skipped=["cancer-hierarchy: no rows"])
    with release_workers() as workers:
        drawn = workers.draw_figures(rows).get(timeout=120)
        with pytest.raises(FigureDataError, match="cannot draw metastasis-heatmap: percent 170"):
            workers.draw_figures(bad).get(timeout=120)
    assert sorted(drawn.files) == ["figures/cancer-hierarchy.png", "figures/cancer-hierarchy.svg",
                                   "figures/metastasis-heatmap.png", "figures/metastasis-heatmap.svg"]
    assert drawn.files == draw_release_figures(rows).files
