"""A small on-disk cache of the merged graph, keyed by the content of its sources.

Merging the sources with rdflib and reasoning over them are the slow part of
start-up. The merged (asserted) graph and the inferred triples are stored as
sorted N-Triples under a key derived from every source byte and the reasoner,
so a changed file is a new key and a stale cache cannot be served. Pyoxigraph
then loads them in milliseconds, which is what keeps a cold ``oncograph query`` fast.

The key also holds the versions of the libraries that merge, reason and load
(an upgraded rdflib or owlready2 may give other triples). Each entry carries a
manifest with the SHA-256 and triple count of both files, written last and
checked on every load: a truncated or emptied file is noticed, reported in one
line on stderr, and rebuilt, never answered from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

from .atomic import write_atomic
from .sourceset import SourceSet

CACHE_ENV = "ONCOGRAPH_CACHE_DIR"
_FORMAT_VERSION = "3"  # 2: manifest with checksums and triple counts; 3: and the reasoner that ran


def cache_dir() -> Path:
    """``$ONCOGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/oncograph``, else ``~/.cache/oncograph``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "oncograph"


#: The modules whose code decides what the cached triples are: a change to them must miss the cache
#: even when the package version (fixed in an editable checkout) stays the same.
_PRODUCERS = ("sources.py", "reasoning.py", "namespaces.py", "serialize.py",
              "ingest/drug_tables.py", "ingest/evidence_tables.py", "ingest/table_row.py")


#: Libraries whose versions decide the cached triples (merging, reasoning, serialising, loading).
KEY_LIBRARIES = ("rdflib", "owlready2", "owlrl", "pyoxigraph", "pyshacl")


def library_versions(names: tuple[str, ...] = KEY_LIBRARIES) -> dict[str, str]:
    """Installed versions, read from the ``<name>-<version>.dist-info`` folder names on ``sys.path``.

    Neither importing the libraries (rdflib alone costs 0.15 s) nor asking importlib.metadata (5 ms for
    five names, against 0.5 ms for this listing) fits the cold query path; importlib.metadata is only
    the fallback for other install layouts.
    """
    wanted = {name.lower().replace("-", "_"): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listing:
            if folder.endswith(".dist-info"):
                dist, _, version = folder[: -len(".dist-info")].partition("-")
                name = wanted.get(dist.lower().replace("-", "_").replace(".", "_"))
                if name and name not in found:
                    found[name] = version
        if len(found) == len(wanted):
            break
    for name in wanted.values():
        if name not in found:
            from importlib.metadata import PackageNotFoundError, version

            try:
                found[name] = version(name)
            except PackageNotFoundError:
                found[name] = "absent"
    return {name: found[name] for name in names}


def fingerprint(sources: SourceSet, code_version: str) -> str:
    """A digest of the code version, the library versions, the code that merges and reasons, and each source."""
    libraries = ",".join(f"{name}={version}" for name, version in library_versions().items())
    digest = hashlib.sha256(f"{_FORMAT_VERSION}\0{code_version}\0{libraries}\0".encode())
    package = Path(__file__).resolve().parent
    for path in (*(package / name for name in _PRODUCERS), *sources.all_files()):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


#: Folder of the cache holding one marker file per passed check, named by a digest (validation.load_shapes).
_CHECKS = "shapes-checked"


def check_marker(data: bytes, library: str) -> Path:
    """Where a passed check of ``data`` by ``library`` (at its installed version) is remembered."""
    version = library_versions((library,)).get(library, "?")
    return cache_dir() / _CHECKS / hashlib.sha256(data + version.encode()).hexdigest()


def _entry(key: str) -> tuple[Path, Path, Path]:
    folder = cache_dir()
    return folder / f"{key}.nt", folder / f"{key}.inferred.nt", folder / f"{key}.json"


def _describe(data: bytes) -> dict[str, object]:
    """Checksum and triple count (canonical N-Triples: one triple per line, each ending in a newline)."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "triples": data.count(b"\n")}


def read_cached(key: str) -> tuple[bytes, bytes, str | None] | None:
    """The cached (asserted, inferred) N-Triples for ``key`` and the reasoner that made the inferences (it can
    differ from the one the key names: above the size limit HermiT hands over to the rules), or ``None`` when
    absent, unreadable or damaged.

    A damaged entry (a checksum or triple count that does not match its manifest) is reported on stderr
    in one line and removed, so the caller rebuilds and rewrites it.
    """
    paths = _entry(key)
    try:
        manifest_bytes = paths[2].read_bytes()
    except OSError:
        return None  # no entry (the manifest is written last)
    try:
        asserted, inferred = paths[0].read_bytes(), paths[1].read_bytes()
        manifest = json.loads(manifest_bytes)
        for label, path, data in (("asserted", paths[0], asserted), ("inferred", paths[1], inferred)):
            expected, actual = manifest[label], _describe(data)
            if actual != expected:
                what = "triple count" if actual["triples"] != expected["triples"] else "checksum"
                raise _Damaged(f"{path} has {actual['triples']} triples, the manifest says {expected['triples']}"
                               if what == "triple count" else f"{path} does not match its checksum")
    except (OSError, ValueError, KeyError, TypeError, _Damaged) as error:
        reason = str(error) if isinstance(error, _Damaged) else f"{paths[2]} is unreadable ({error})"
        print(f"oncograph: the cache entry is damaged: {reason}; rebuilding it", file=sys.stderr)
        for path in paths:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        return None
    return asserted, inferred, manifest.get("reasoner")


class _Damaged(Exception):
    pass


def write_cached(key: str, asserted: bytes, inferred: bytes, reasoner: str | None = None) -> None:
    """Store both graphs for ``key``, then the manifest that vouches for them (so a partial entry is no entry).

    A read-only or full disk only costs speed, so errors are ignored.
    """
    asserted_path, inferred_path, manifest_path = _entry(key)
    manifest = {"asserted": _describe(asserted), "inferred": _describe(inferred), "libraries": library_versions(),
                "reasoner": reasoner}
    try:
        write_atomic(inferred_path, inferred)
        write_atomic(asserted_path, asserted)
        write_atomic(manifest_path, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    except OSError:
        pass


#: What may be kept beside an entry (``<key>.<name>.json``); ``cache clear`` removes exactly these.
DERIVED = ("index",)


def _derived_path(key: str, name: str) -> Path:
    if name not in DERIVED:
        raise ValueError(f"no derived cache file is called {name!r}; add it to DERIVED")
    return cache_dir() / f"{key}.{name}.json"


def read_derived(key: str, name: str, form: str) -> object | None:
    """What ``write_derived`` kept beside the entry ``key`` under ``name``, if it was written in form ``form``.

    Derived files (the name index) are computed from the cached graph, so a missing, stale or damaged one only
    means computing it again; a damaged one is reported in one line on stderr, like a damaged entry.
    """
    path = _derived_path(key, name)
    try:
        text = path.read_bytes()
    except OSError:
        return None
    try:
        saved = json.loads(text)
        if saved["form"] == form:
            return saved["data"]
    except (ValueError, KeyError, TypeError) as error:
        print(f"oncograph: the cache file {path} is damaged ({error}); rebuilding it", file=sys.stderr)
    return None


def write_derived(key: str, name: str, form: str, data: object) -> None:
    """Keep ``data`` (JSON) beside the entry ``key``; an unwritable cache only costs speed."""
    try:
        write_atomic(_derived_path(key, name), json.dumps({"form": form, "data": data}, sort_keys=True).encode())
    except OSError:
        pass


_ENTRY_FILE = re.compile(r"[0-9a-f]{64}(\.inferred|" + "|".join(rf"\.{re.escape(name)}" for name in DERIVED) + r")?\.(nt|json)")


def cache_files() -> list[Path]:
    """The files of every cache entry (only names the cache writes: other files in the folder are left alone)."""
    try:
        return sorted(p for p in cache_dir().iterdir() if _ENTRY_FILE.fullmatch(p.name) and p.is_file())
    except OSError:
        return []


def clear_cache() -> tuple[int, int]:
    """Remove every cache entry and remembered shapes check; returns (files removed, bytes freed)."""
    removed = freed = 0
    markers = cache_dir() / _CHECKS  # remembered checks (check_marker)
    for path in [*cache_files(), *(sorted(markers.iterdir()) if markers.is_dir() else [])]:
        size = path.stat().st_size
        path.unlink(missing_ok=True)
        removed, freed = removed + 1, freed + size
    try:
        markers.rmdir()
    except OSError:
        pass  # absent, or holding files that are not ours
    return removed, freed


__all__ = ["CACHE_ENV", "KEY_LIBRARIES", "cache_dir", "cache_files", "check_marker", "clear_cache", "fingerprint", "library_versions",
           "read_cached", "read_derived", "write_cached", "write_derived"]
