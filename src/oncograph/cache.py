"""A small on-disk cache of the merged graph, keyed by the content of its sources.

Merging the sources with rdflib and reasoning over them are the slow part of
start-up. The merged (asserted) graph and the inferred triples are stored as
sorted N-Triples under a key derived from every source byte and the reasoner,
so a changed file is a new key and a stale cache cannot be served. Pyoxigraph
then loads them in milliseconds, which is what keeps a cold ``oncograph query`` fast.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .atomic import write_atomic
from .sourceset import SourceSet

CACHE_ENV = "ONCOGRAPH_CACHE_DIR"
_FORMAT_VERSION = "1"


def cache_dir() -> Path:
    """``$ONCOGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/oncograph``, else ``~/.cache/oncograph``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "oncograph"


#: The modules whose code decides what the cached triples are: a change to them must miss the cache
#: even when the package version (fixed in an editable checkout) stays the same.
_PRODUCERS = ("sources.py", "evidence_tables.py", "reasoning.py", "namespaces.py", "serialize.py")


def fingerprint(sources: SourceSet, code_version: str) -> str:
    """A digest of the code version, the code that merges and reasons, and each source's name and bytes."""
    digest = hashlib.sha256(f"{_FORMAT_VERSION}\0{code_version}\0".encode())
    package = Path(__file__).resolve().parent
    for path in (*(package / name for name in _PRODUCERS), *sources.all_files()):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_cached(key: str) -> tuple[bytes, bytes] | None:
    """The cached (asserted, inferred) N-Triples for ``key``, or ``None`` when absent or unreadable."""
    try:
        folder = cache_dir()
        return (folder / f"{key}.nt").read_bytes(), (folder / f"{key}.inferred.nt").read_bytes()
    except OSError:
        return None


def write_cached(key: str, asserted: bytes, inferred: bytes) -> None:
    """Store both graphs for ``key`` (inferred first, so a complete asserted file means a complete entry).

    A read-only or full disk only costs speed, so errors are ignored.
    """
    try:
        write_atomic(cache_dir() / f"{key}.inferred.nt", inferred)
        write_atomic(cache_dir() / f"{key}.nt", asserted)
    except OSError:
        pass


__all__ = ["CACHE_ENV", "cache_dir", "fingerprint", "read_cached", "write_cached"]
