"""The merged-graph cache: a cached load equals a fresh one, and any source change misses the cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from oncograph import __version__
from oncograph.cache import fingerprint, read_cached
from oncograph.cli import cli
from oncograph.graph import KnowledgeGraph
from oncograph.sourceset import SourceSet


def test_cached_load_equals_a_fresh_load_that_could_not_write_its_cache(kg, sources_copy: Path, monkeypatch,
                                                                                   tmp_path: Path) -> None:
    """One fresh load serves both checks: an unwritable cache only costs speed, and what the cache serves is the
    graph a fresh load makes. The session's ``kg`` wrote the entry the copy's content maps to. The fresh load
    reasons with the SPARQL rules (5 s instead of HermiT's 15; they give HermiT's inferences, see conftest);
    the cached entry is HermiT's, and test_release's --no-cache rebuild compares a fresh HermiT run with it."""
    from oncograph.cache import cache_dir

    from .conftest import RULES_REASONER  # noqa: TID252

    run_cache = cache_dir()
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(blocker / "cache"))
    for name, value in RULES_REASONER.items():
        monkeypatch.setenv(name, value)
    fresh = KnowledgeGraph.from_sources(sources_copy)
    assert fresh._cache_key is None  # merged and reasoned, not read from a cache entry
    assert {"lung cancer", "prostate cancer"} <= {r["cancerLabel"] for r in fresh.cancers_metastasizing_to("adrenal glands")}
    for name in RULES_REASONER:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(run_cache))
    cached = KnowledgeGraph.from_sources(sources_copy)
    assert cached._cache_key is not None  # served from the cache: the key is the content, not the path
    # both are canonical N-Triples (sorted, canonical blank-node labels): equal bytes, stronger than isomorphism
    assert (cached._asserted_nt, cached._inferred_nt) == (fresh._asserted_nt, fresh._inferred_nt)
    key, files = shipped_entry(kg)
    assert [p.suffix for p in files] == [".nt", ".nt", ".json"]  # asserted, inferred and the manifest vouching for them


def test_any_source_change_gives_a_new_key(sources_copy: Path) -> None:
    before = fingerprint(SourceSet.in_folder(sources_copy), __version__)
    target = sources_copy / "data" / "anatomy.ttl"
    target.write_text(target.read_text(encoding="utf-8") + "\n# curator note\n", encoding="utf-8")
    assert fingerprint(SourceSet.in_folder(sources_copy), __version__) != before


def shipped_entry(kg) -> tuple[str, list[Path]]:
    """The cache key and files of the shipped graph (the session's ``kg`` fixture wrote them)."""
    from oncograph.cache import cache_dir
    from oncograph.reasoner_choice import choose_reasoner

    key = fingerprint(kg.sources, f"{__version__}/{choose_reasoner()[0]}")
    files = [cache_dir() / f"{key}{suffix}" for suffix in (".nt", ".inferred.nt", ".json")]
    assert all(p.is_file() for p in files)
    return key, files


def corrupt(folder: Path, key: str, how: str) -> None:
    asserted, inferred = folder / f"{key}.nt", folder / f"{key}.inferred.nt"
    data = asserted.read_bytes()
    if how == "mid-line":
        asserted.write_bytes(data[: len(data) // 2 + 7])
    elif how == "line-end":
        asserted.write_bytes(data[: data.rindex(b"\n", 0, len(data) // 2) + 1])
    else:
        inferred.write_bytes(b"")


@pytest.mark.parametrize("how", ["mid-line", "line-end", "empty-inferred"])
def test_damaged_entry_is_reported_and_dropped(kg, how: str, monkeypatch, tmp_path: Path, capsys) -> None:
    key, files = shipped_entry(kg)
    for path in files:
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(tmp_path))
    assert read_cached(key) is not None
    corrupt(tmp_path, key, how)
    assert read_cached(key) is None
    notice = capsys.readouterr().err.splitlines()
    assert len(notice) == 1 and notice[0].startswith("oncograph: the cache entry is damaged: ")
    assert notice[0].endswith("; rebuilding it")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_cache_is_rebuilt_and_answers_rightly(kg, tmp_path: Path) -> None:
    """The rebuild reasons with the SPARQL rules (HermiT's inferences in a third of the CPU, see conftest): the
    shipped HermiT entry is copied under the rules' key, damaged, and must be rewritten with the same bytes."""
    from oncograph.reasoner_choice import RULES

    from .conftest import RULES_REASONER  # noqa: TID252

    _, files = shipped_entry(kg)
    key = KnowledgeGraph.cache_key(kg.sources, RULES)
    for path, suffix in zip(files, (".nt", ".inferred.nt", ".json"), strict=True):
        shutil.copy(path, tmp_path / f"{key}{suffix}")
    files = [tmp_path / f"{key}{suffix}" for suffix in (".nt", ".inferred.nt")]
    expected = [path.read_bytes() for path in files]
    corrupt(tmp_path, key, "line-end")  # this one used to answer wrongly with exit 0
    env = {**os.environ, "ONCOGRAPH_CACHE_DIR": str(tmp_path), **RULES_REASONER}
    result = subprocess.run([sys.executable, "-m", "oncograph", "query", "cancers-metastasizing-to", "-p", "site=adrenal glands"],
                            capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    assert "lung cancer" in result.stdout and "prostate cancer" in result.stdout
    assert result.stderr.count("the cache entry is damaged") == 1
    assert [path.read_bytes() for path in files] == expected  # rewritten whole


def test_the_kept_name_index_is_the_one_the_store_gives(kg, monkeypatch, tmp_path: Path, capsys) -> None:
    """A cached graph keeps its name index beside the entry (a cold query reads it instead of building it);
    what it reads back resolves exactly as an index built from the store, and a damaged copy is rebuilt."""
    from oncograph.resolve import EntityIndex

    key, files = shipped_entry(kg)
    for path in files:
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(tmp_path))
    KnowledgeGraph.from_sources().resolve("adrenal glands")
    kept = tmp_path / f"{key}.index.json"
    assert kept.is_file()
    read_back = KnowledgeGraph.from_sources()
    built = EntityIndex.from_store(read_back.store)
    assert read_back.index.to_json() == built.to_json() and capsys.readouterr().err == ""
    assert read_back.resolve("UBERON:0002369", "og:AnatomicalSite") == built.resolve("UBERON:0002369", "og:AnatomicalSite")
    kept.write_bytes(kept.read_bytes()[:100])  # cut short
    again = KnowledgeGraph.from_sources()
    assert again.resolve("adrenal glands", "og:AnatomicalSite").endswith("site-adrenal-gland")
    assert f"the cache file {kept} is damaged" in capsys.readouterr().err
    assert KnowledgeGraph.from_sources().index.to_json() == built.to_json()  # rewritten whole
    assert capsys.readouterr().err == ""


def test_library_versions_are_in_the_key(kg, monkeypatch) -> None:
    from oncograph import cache

    before = fingerprint(kg.sources, __version__)
    real = cache.library_versions()
    monkeypatch.setattr(cache, "library_versions", lambda: {**real, "rdflib": "99.0"})
    assert fingerprint(kg.sources, __version__) != before


def test_library_versions_match_importlib_metadata() -> None:
    from importlib.metadata import version

    from oncograph.cache import KEY_LIBRARIES, library_versions

    assert library_versions() == {name: version(name) for name in KEY_LIBRARIES}


def test_cache_clear_removes_entries_only(kg, monkeypatch, tmp_path: Path) -> None:
    key, files = shipped_entry(kg)
    for path in files:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(tmp_path))
    KnowledgeGraph.from_sources().resolve("adrenal glands")  # keeps the name index beside the entry
    assert (tmp_path / f"{key}.index.json").is_file()
    info = CliRunner().invoke(cli, ["cache", "info"])
    assert f"cache folder: {tmp_path}" in info.output and "entries: 1 (4 files" in info.output
    cleared = CliRunner().invoke(cli, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 4 files" in cleared.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert "~/.cache/oncograph" in CliRunner().invoke(cli, ["--help"]).output
