"""Publishing a release atomically: a versioned folder beside the out dir and one symlink flip.

A folder cannot be replaced by ``rename`` while it holds files, and renaming
files one by one lets a reader (or a kill) see a new ``oncograph-base.*`` beside
an old ``oncograph-full.*``. So every release is written into a staging folder
inside the out dir's parent, renamed to ``.<out>-<content hash>``, and the out
dir itself is a symlink to it that is switched with one ``rename`` of a new
symlink over the old one. Readers who open ``dist/...`` see the old release or
the new one, never a mix. The previous version is kept (readers in the middle
of it keep working); older ones, and staging folders of killed builds, are
removed by the next build, which holds a lock on the out dir while it runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..atomic import current_umask
from ..errors import OutputError

#: Names a release folder holds; a real folder with anything else in it is the user's, never replaced.
_RELEASE_NAME = re.compile(r"oncograph[-.\w]*|stats\.tsv|release-report\.md|SHA256SUMS|answers|\.[^/]*\.tmp")


class OutDirError(OutputError):
    """The out dir cannot take a release (it overlaps the sources, or holds files that are not a release)."""


class ReleaseFolder:
    """Where a release goes: ``out`` (a symlink we own) and its versioned folders in ``out``'s parent."""

    def __init__(self, out_dir: Path) -> None:
        self.out = Path(os.path.abspath(out_dir))  # absolute, without resolving the link we are about to switch
        self.parent = self.out.parent
        self.name = self.out.name

    # names of our hidden siblings of the out dir
    def version_dir(self, digest: str) -> Path:
        return self.parent / f".{self.name}-{digest}"

    def _ours(self, pattern: str) -> list[Path]:
        return sorted(p for p in self.parent.glob(f".{glob_escape(self.name)}-*")
                      if re.fullmatch(re.escape(f".{self.name}-") + pattern, p.name))

    def versions(self) -> list[Path]:
        return self._ours(r"[0-9a-f]{16}")

    def leftovers(self) -> list[Path]:
        """Staging folders and temporary links of earlier builds that were killed."""
        return self._ours(r"(staging|link|old)-.+")

    def current(self) -> Path | None:
        """The versioned folder the out dir points at, if it is one of ours."""
        if self.out.is_symlink():
            target = self.parent / os.readlink(self.out)
            if target.parent == self.parent and target in self.versions():
                return target
        return None

    # ------------------------------------------------------------------ checks before the pipeline runs
    def check(self, sources: Path) -> None:
        """Refuse an out dir that overlaps the sources or holds someone else's files; raise OutDirError."""
        src = Path(sources).resolve()
        for candidate in {self.parent.resolve() / self.name, self.out.resolve()}:
            if candidate == src or src in candidate.parents or candidate in src.parents:
                relation = "is" if candidate == src else ("is inside" if src in candidate.parents else "contains")
                raise OutDirError(f"--out {self.out} {relation} the sources folder {src}: "
                                  "a release there would overwrite or mix with the curated files; choose another folder")
        existing = next(folder for folder in self.out.parents if folder.exists())
        if not existing.is_dir():
            raise OutDirError(f"--out {self.out} cannot be made: {existing} is a file, not a folder")
        if self.out.is_symlink():
            return  # a link is switched, never written through
        if self.out.exists() and not self.out.is_dir():
            raise OutDirError(f"--out {self.out} is a file, not a folder")
        if self.out.is_dir():
            foreign = [p.name for p in self.out.iterdir() if not _looks_released(p)]
            if foreign:
                raise OutDirError(f"--out {self.out} holds files that are not an oncograph release "
                                  f"({', '.join(sorted(foreign)[:3])}{' ...' if len(foreign) > 3 else ''}); "
                                  "choose a new or empty folder, or an earlier release")

    # ------------------------------------------------------------------ the switch
    def publish(self, staging: Path, files: dict[str, bytes | str]) -> Path:
        """Move the checked ``staging`` folder to its versioned name and point the out dir at it."""
        digest = release_digest(files)
        target = self.version_dir(digest)
        previous = self.current()
        if target != previous:
            if target.exists():  # an identical release from before, no longer current: take the fresh copy
                shutil.rmtree(target)
            os.rename(staging, target)
        if self.out.is_dir() and not self.out.is_symlink():  # a plain folder from an older build (checked)
            aside = Path(tempfile.mkdtemp(prefix=f".{self.name}-old-", dir=self.parent))
            os.rename(self.out, aside / self.name)  # the only moment the out dir is absent: first switch only
        else:
            aside = None
        link = self.parent / f".{self.name}-link-{os.getpid()}"
        link.unlink(missing_ok=True)
        os.symlink(target.name, link)
        os.replace(link, self.out)  # atomic: rename(2) replaces the old link itself
        _fsync_dir(self.parent)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        keep = {target, previous}
        for old in self.versions():
            if old not in keep:
                shutil.rmtree(old, ignore_errors=True)
        return target


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _looks_released(path: Path) -> bool:
    if not _RELEASE_NAME.fullmatch(path.name):
        return False
    if path.name == "answers" and path.is_dir():
        return all(p.suffix == ".csv" and p.is_file() for p in path.iterdir())
    return not path.is_dir() or path.is_symlink()


def release_digest(files: dict[str, bytes | str]) -> str:
    """16 hex digits of a SHA-256 over every file's name and content (given as bytes, or as their SHA-256 in hex):
    the same release, the same folder."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(name.encode() + b"\0" + (hashlib.sha256(data).digest() if isinstance(data, bytes) else bytes.fromhex(data)))
    return digest.hexdigest()[:16]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def staging_folder(out_dir: Path, sources: Path) -> Iterator[tuple[ReleaseFolder, Path]]:
    """Check the out dir, lock it, clean what killed builds left, and yield a fresh staging folder.

    Runs before the pipeline, so an unwritable or wrong out dir fails in milliseconds, not after the
    reasoner. The staging folder is removed on the way out, whatever happens.
    """
    release = ReleaseFolder(out_dir)
    release.check(sources)
    what = f"the release into {release.out}"
    try:
        release.parent.mkdir(parents=True, exist_ok=True)
        lock = open(release.parent / f".{release.name}.lock", "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as error:
        raise OutputError.from_os_error(error, what) from error
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutDirError(f"another build is writing {release.out}; wait for it to finish") from None
        staging = None
        try:
            with writing(what):
                for leftover in release.leftovers():
                    _remove(leftover)
                staging = Path(tempfile.mkdtemp(prefix=f".{release.name}-staging-", dir=release.parent))
                staging.chmod(0o777 & ~current_umask())  # mkdtemp's 0700 would hide the release from other users
            yield release, staging
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    finally:
        lock.close()  # releases the lock


@contextmanager
def writing(what: str) -> Iterator[None]:
    """Turn the system's write errors (no permission, disk full, a directory in the way) into one-line errors."""
    try:
        yield
    except OSError as error:
        raise OutputError.from_os_error(error, what) from error


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


__all__ = ["OutDirError", "ReleaseFolder", "release_digest", "staging_folder", "writing"]
