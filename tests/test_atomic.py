"""Writing to a path as `cp` does: atomic for regular files, in place for devices and pipes, through symlinks."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from oncograph.atomic import write_atomic


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a.ttl", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.ttl").stat().st_mode) == 0o640


def test_existing_file_keeps_its_mode_and_no_temp_file_remains(tmp_path: Path) -> None:
    target = tmp_path / "a.ttl"
    target.write_bytes(b"old")
    target.chmod(0o604)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["a.ttl"]


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real.name)
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "real.ttl"
    assert real.read_bytes() == b"new"


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.ttl"
    link.symlink_to("made.ttl")
    write_atomic(link, b"new")
    assert link.is_symlink() and (tmp_path / "made.ttl").read_bytes() == b"new"


def test_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): as root, the old code replaced the real ones."""
    if os.geteuid() != 0:
        return Path("/dev") / name  # without root nothing can replace the real node
    node = tmp_path / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return node


def test_character_device_is_written_not_replaced(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    write_atomic(null, b"discarded")
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, b"x")


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oncograph", "export", "--format", "nt", *args],
                          capture_output=True, text=True, check=False)


def test_export_to_dev_stdout_and_through_a_symlink(tmp_path: Path) -> None:
    stdout = tmp_path / "stdout"  # what /dev/stdout is, without risking the real one under the old code as root
    stdout.symlink_to("/proc/self/fd/1")
    piped = run_export("-o", str(stdout))
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.count("\n") > 2000  # the triples arrived on the pipe
    real = tmp_path / "real.nt"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "link.nt").symlink_to(real)
    linked = run_export("-o", str(tmp_path / "link.nt"))
    assert linked.returncode == 0, linked.stderr
    assert (tmp_path / "link.nt").is_symlink() and real.read_text(encoding="utf-8") == piped.stdout


def test_export_to_a_full_disk_is_one_line_error(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    result = run_export("-o", str(full))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error: cannot write {full}: No space left on device"]
    assert stat.S_ISCHR(os.stat(full).st_mode)
