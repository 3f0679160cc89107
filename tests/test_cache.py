"""The merged-graph cache: a cached load equals a fresh one, and any source change misses the cache."""

from __future__ import annotations

from pathlib import Path

from rdflib.compare import isomorphic

from oncograph import __version__
from oncograph.cache import fingerprint
from oncograph.graph import KnowledgeGraph
from oncograph.sourceset import SourceSet


def test_cached_load_is_isomorphic_to_fresh_load(sources_copy: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    fresh = KnowledgeGraph.from_sources(sources_copy)
    assert "asserted" in fresh.__dict__  # merged by rdflib and reasoned, then cached
    cached = KnowledgeGraph.from_sources(sources_copy)
    assert "asserted" not in cached.__dict__  # served from the cache
    assert isomorphic(cached.graph, fresh.graph)
    assert len(list((tmp_path / "cache").glob("*.nt"))) == 2  # asserted and inferred


def test_any_source_change_gives_a_new_key(sources_copy: Path) -> None:
    before = fingerprint(SourceSet.in_folder(sources_copy), __version__)
    target = sources_copy / "data" / "anatomy.ttl"
    target.write_text(target.read_text(encoding="utf-8") + "\n# curator note\n", encoding="utf-8")
    assert fingerprint(SourceSet.in_folder(sources_copy), __version__) != before


def test_unwritable_cache_only_costs_speed(sources_copy: Path, monkeypatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(blocker / "cache"))
    kg = KnowledgeGraph.from_sources(sources_copy)
    assert {"lung cancer", "prostate cancer"} <= {r["cancerLabel"] for r in kg.cancers_metastasizing_to("adrenal glands")}
