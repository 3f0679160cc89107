"""Publishing a release: one symlink flip, readers never see a mix, leftovers of killed builds are cleaned."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from oncograph.errors import OutputError
from oncograph.release import publish
from oncograph.release.publish import ReleaseFolder, staging_folder


def release_files(n: int) -> dict[str, bytes]:
    return {"oncograph-base.ttl": f"base {n}".encode(), "oncograph-full.ttl": f"full {n}".encode(),
            "answers/a.csv": f"answer {n}".encode()}


def put(staging: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)


def publish_files(out: Path, sources: Path, files: dict[str, bytes]) -> Path:
    with staging_folder(out, sources) as (release, staging):
        put(staging, files)
        return release.publish(staging, files)


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "ontology"
    folder.mkdir()
    return folder


def test_out_dir_is_a_symlink_switched_to_each_new_version(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "dist"
    first = publish_files(out, sources, release_files(1))
    assert out.is_symlink() and os.readlink(out) == first.name and first.parent == tmp_path
    second = publish_files(out, sources, release_files(2))
    assert (out / "oncograph-full.ttl").read_bytes() == b"full 2"
    third = publish_files(out, sources, release_files(3))
    assert os.readlink(out) == third.name
    assert sorted(ReleaseFolder(out).versions()) == sorted([second, third])  # the previous one stays for readers
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".dist.lock", "dist", "ontology", second.name, third.name])


def test_readers_see_the_old_release_or_the_new_one_never_a_mix(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "dist"
    publish_files(out, sources, release_files(0))
    mixes: list[tuple[bytes, bytes]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            folder = Path(os.path.realpath(out))  # a reader that resolves the release once
            try:
                pair = ((folder / "oncograph-base.ttl").read_bytes(), (folder / "oncograph-full.ttl").read_bytes())
            except FileNotFoundError:
                continue  # a version two switches old was removed under us; it never mixes
            if pair[0].split()[1] != pair[1].split()[1]:
                mixes.append(pair)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(1, 30):
            publish_files(out, sources, release_files(n))
            assert (out / "oncograph-base.ttl").exists()  # the out dir is never absent
    finally:
        done.set()
        reader.join()
    assert mixes == []


def test_a_plain_folder_from_an_older_build_becomes_the_link(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "dist"
    (out / "answers").mkdir(parents=True)
    (out / "oncograph.ttl").write_bytes(b"old")
    (out / "answers" / "a.csv").write_bytes(b"old")
    publish_files(out, sources, release_files(1))
    assert out.is_symlink() and (out / "oncograph-base.ttl").read_bytes() == b"base 1"
    assert not (out / "oncograph.ttl").exists()


def test_a_folder_with_other_files_is_never_replaced(tmp_path: Path, sources: Path) -> None:
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError, match="holds files that are not an oncograph release"):
        publish_files(out, sources, release_files(1))
    assert (out / "thesis.docx").read_bytes() == b"precious" and not out.is_symlink()


def test_staging_of_a_killed_build_is_cleaned_by_the_next_run(tmp_path: Path, sources: Path) -> None:
    stale = tmp_path / ".dist-staging-k1ll3d"
    stale.mkdir()
    (stale / "oncograph-base.ttl").write_bytes(b"half")
    (tmp_path / ".dist-link-999").symlink_to("nowhere")
    with staging_folder(tmp_path / "dist", sources) as (_, staging):
        assert not stale.exists() and not (tmp_path / ".dist-link-999").is_symlink()
        assert staging.is_dir()
    assert not staging.exists()  # nothing published: the staging folder goes too


def test_a_second_build_of_the_same_out_dir_is_refused_while_one_runs(tmp_path: Path, sources: Path) -> None:
    with staging_folder(tmp_path / "dist", sources):
        with pytest.raises(OutputError, match="another build is writing"):
            with staging_folder(tmp_path / "dist", sources):
                pass


@pytest.mark.parametrize(("error", "code", "reason"), [
    (PermissionError(errno.EACCES, "Permission denied"), 2, "Permission denied"),
    (OSError(errno.ENOSPC, "No space left on device"), 1, "No space left on device"),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), 2, "Is a directory"),
])
def test_write_failures_are_one_line_errors_and_keep_the_previous_release(tmp_path: Path, sources: Path, monkeypatch,
                                                                           error: OSError, code: int, reason: str) -> None:
    out = tmp_path / "dist"
    publish_files(out, sources, release_files(1))

    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(publish.os, "symlink", fail)
    with pytest.raises(OutputError) as raised:
        with staging_folder(out, sources) as (release, staging):
            put(staging, release_files(2))
            with publish.writing(f"the release into {release.out}"):
                release.publish(staging, release_files(2))
    assert str(raised.value) == f"cannot write the release into {out}: {reason}"
    assert raised.value.exit_code == code
    assert (out / "oncograph-full.ttl").read_bytes() == b"full 1"
    assert not list(tmp_path.glob(".dist-staging-*"))
