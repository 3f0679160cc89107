"""The build's second core: the RDF files, their re-reading and the OWL check run in worker processes.

The build's steps are one after the other in the main process, but writing eight RDF files, parsing them back
and loading the full variant into owlready2 need only the release variants' N-Triples, nothing the later steps
make. On the 2-core machine they took about 100 s of a million-triple build, one core idle. Here they are
queued on a pool of forked workers as soon as the variants exist, so the owlready2 load runs beside validation
and the writers beside docs and figures; the steps wait for their results where they used to do the work.

The workers are forked, so they read the variants (and the hub's store, for the OWL 2 datatype check) from
the memory they share with the main process instead of receiving copies. They ignore SIGINT (the main
process decides) and die on SIGTERM, which is how the pool is stopped when the build fails or is interrupted:
nothing they do outlives the build, and they write nothing but the staging folder's RDF files.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

import pyoxigraph as ox

from ..owl_check import OwlSummary

#: What the forked workers read: set before the pool forks, cleared when it stops.
_SHARED: dict[str, object] = {}
WORKERS_ENV = "ONCOGRAPH_BUILD_WORKERS"


def worker_count() -> int:
    """Two workers, or ``$ONCOGRAPH_BUILD_WORKERS`` (at least one): one per core of the target machine."""
    try:
        return max(1, int(os.environ.get(WORKERS_ENV, "2")))
    except ValueError:
        return 2


class ReleaseWorkers:
    """The pool and the jobs of one build."""

    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    def owl_check(self) -> AsyncResult:
        """owlready2's load of the full variant, after the OWL 2 datatype check of the hub's store."""
        return self._pool.apply_async(_owl_check)

    def write(self, variant: str, rdf_format: str) -> AsyncResult:
        """One variant in one format (bytes)."""
        return self._pool.apply_async(_write, (variant, rdf_format))

    def same_as_written(self, paths: list[tuple[Path, str, str]]) -> list[bool]:
        """For each (file, variant, extension): whether the file re-reads as the variant's triples."""
        return self._pool.starmap(_same_as_written, paths, chunksize=1)


@contextmanager
def release_workers(variants: dict[str, bytes], store: ox.Store) -> Iterator[ReleaseWorkers]:
    """A pool of forked workers that see ``variants`` (name -> sorted canonical N-Triples) and ``store``."""
    _SHARED.update(variants=variants, store=store)
    # A worker per job (maxtasksperchild=1), forked when the job starts: a long-lived worker kept the gigabyte an
    # owlready2 world or a parse had taken (Python frees memory to itself, not to the system), and the build's
    # summed memory peaked at 4.9 GiB at a million triples.
    pool = multiprocessing.get_context("fork").Pool(worker_count(), initializer=_worker_signals, maxtasksperchild=1)
    try:
        yield ReleaseWorkers(pool)
    finally:
        pool.terminate()  # finished or not: SIGTERM to every worker, then wait for them
        pool.join()
        _SHARED.clear()


def _worker_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)  # not the build's handler (release/interrupt.py), inherited by the fork


def _variants() -> dict[str, bytes]:
    return _SHARED["variants"]  # type: ignore[return-value]


def _owl_check() -> OwlSummary:
    from ..owl_check import load_with_owlready

    return load_with_owlready(_variants()["full"], _SHARED["store"])  # type: ignore[arg-type]


def _write(variant: str, rdf_format: str) -> bytes:
    from ..serialize import from_ntriples

    return from_ntriples(_variants()[variant], rdf_format)


def _same_as_written(path: Path, variant: str, extension: str) -> bool:
    from .round_trip import same_as_written

    return same_as_written(path, _variants()[variant], extension)


__all__ = ["ReleaseWorkers", "WORKERS_ENV", "release_workers", "worker_count"]
