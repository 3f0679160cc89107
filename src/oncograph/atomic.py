"""Atomic file writes: readers never see half a file, a failed write leaves the old one.

Writing "to a path" means what ``cp`` means by it: a symlink is followed (its
target is replaced, the link stays), a device or a pipe (``/dev/null``,
``/dev/stdout``, a FIFO) is written to directly because it cannot be replaced,
and a new regular file gets the mode the umask allows (an existing one keeps
its mode), not ``mkstemp``'s private 0600.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (``/proc/self/status``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read by setting, then restore at once
    os.umask(mask)
    return mask


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path``: replace a regular file atomically, write a device or pipe in place.

    Symlinks are followed, so the link survives and its target gets the new bytes.
    Raises ``OSError`` (``IsADirectoryError``, ``PermissionError``, ENOSPC ...) as the system reports it.
    """
    try:
        info = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        # a character device, FIFO or socket (/dev/stdout may be a pipe): nothing to rename over, and no real
        # path to resolve to, so the kernel follows the name itself
        with open(path, "wb") as handle:
            handle.write(data)
        return
    target = Path(os.path.realpath(path))  # follows every link in the chain; a dangling one names the file to create
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~current_umask()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())  # the bytes reach the disk before the name does
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


__all__ = ["current_umask", "write_atomic"]
