"""The build's second core: the RDF files, their re-reading and the owlready2 load run in worker processes.

The build's steps are one after the other in the main process, but writing six Turtle, RDF/XML and JSON-LD
files, parsing each back and loading the full variant into owlready2 need only the variants' N-Triples. On
the 2-core machine they took about 100 s of a million-triple build with one core idle. Here each is a job for
a small pool of worker processes, queued as soon as its variant exists (the base variant's files while the
main process reasons, the rest while it validates, documents and draws); the build's steps wait for the
results where they used to do the work.

A job gets its N-Triples as an argument (pickled through a pipe: a fraction of a second for 240 MB) and gives
back only what the main process needs: a file's SHA-256 and size and whether it re-read as written, or
owlready2's summary. So nothing is shared by accident, and the main process does not hold the files. Each job
runs in a fresh, spawned worker (``maxtasksperchild=1``; about half a second to start): a long-lived worker kept
the gigabyte its owlready2 world or parse had taken, and a forked one inherited whatever state the main process
was in at that moment. Workers ignore SIGINT (the main process decides) and die on SIGTERM, which is how the
pool is stopped when the build ends, fails or is interrupted; they write nothing but their files in the staging
folder.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a worker imports owlready2, rdflib or matplotlib only for the job that needs them (about 0.4 s a job)
    from ..figures.plots import FigureRows, ReleaseFigures
    from ..owl_check import OwlSummary

WORKERS_ENV = "ONCOGRAPH_BUILD_WORKERS"


def worker_count() -> int:
    """Two workers, or ``$ONCOGRAPH_BUILD_WORKERS`` (at least one): one per core of the target machine."""
    try:
        return max(1, int(os.environ.get(WORKERS_ENV, "2")))
    except ValueError:
        return 2


@dataclass(frozen=True)
class WrittenFile:
    """A release file a worker wrote: its SHA-256 (hex) and size, and whether it re-read as the triples written."""

    sha256: str
    size: int
    same_as_written: bool


class ReleaseWorkers:
    """The pool of one build and its three kinds of job."""

    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    def owl_load(self, ntriples: bytes) -> AsyncResult:
        """owlready2's load of ``ntriples`` (an :class:`OwlSummary`, or the load's error)."""
        return self._pool.apply_async(_owl_load, (ntriples,))

    def draw_figures(self, rows: FigureRows) -> AsyncResult:
        """The release figures drawn from ``rows`` (a :class:`ReleaseFigures`, or the drawing's error)."""
        return self._pool.apply_async(_draw_figures, (rows,))

    def write(self, ntriples: bytes, rdf_format: str, path: Path) -> AsyncResult:
        """``ntriples`` written to ``path`` in ``rdf_format`` and re-read (a :class:`WrittenFile`)."""
        return self._pool.apply_async(_write, (ntriples, rdf_format, path))


@contextmanager
def release_workers() -> Iterator[ReleaseWorkers]:
    """A pool of worker processes for one build, stopped (SIGTERM) when the block ends, however it ends."""
    # spawned, not forked: a worker replaced after its job was forked by the pool's thread while the main thread was
    # anywhere (inside HermiT's run it inherited a temporary folder that was gone, and could inherit held locks)
    pool = multiprocessing.get_context("spawn").Pool(worker_count(), initializer=_worker_signals, maxtasksperchild=1)
    try:
        yield ReleaseWorkers(pool)
    finally:
        pool.terminate()
        pool.join()


def _worker_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def _owl_load(ntriples: bytes) -> OwlSummary:
    from ..owl_check import owlready_summary

    return owlready_summary(ntriples)


def _draw_figures(rows: FigureRows) -> ReleaseFigures:
    from ..figures.plots import draw_release_figures

    return draw_release_figures(rows)


def _write(ntriples: bytes, rdf_format: str, path: Path) -> WrittenFile:
    from ..rdf_writers import FORMAT_EXTENSIONS, from_ntriples
    from .round_trip import same_as_written

    data = from_ntriples(ntriples, rdf_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    digest, size = hashlib.sha256(data).hexdigest(), len(data)
    del data
    return WrittenFile(digest, size, same_as_written(path, ntriples, FORMAT_EXTENSIONS[rdf_format]))


__all__ = ["ReleaseWorkers", "WORKERS_ENV", "WrittenFile", "release_workers", "worker_count"]
