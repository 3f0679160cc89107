"""The KnowledgeGraph hub: the one object every interface (API, CLI, tests) goes through.

It holds the merged graph twice, each in the form its users need: a pyoxigraph
store for fast SPARQL (saved queries, name lookup), and an rdflib graph, built
only on demand, for serialising, OWL checks and validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .cache import fingerprint, read_cached, write_cached
from .errors import require_text
from .namespaces import PREFIXES
from .query_limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from .resources import ontology_dir, queries_dir
from .sourceset import SourceSet
from .rdf_terms import RDFS_LABEL

if TYPE_CHECKING:  # rdflib is imported lazily: the query path never needs it
    from rdflib import Graph

    from .cards import CancerProfile, EntityCard
    from .queries import SavedQuery
    from .reasoning import StoreReasoning
    from .resolve import EntityIndex
    from .results import QueryResult
    from .validation import ValidationReport


class KnowledgeGraph:
    """oncograph's graph and every operation on it.

    >>> kg = load()
    >>> kg.label("https://w3id.org/oncograph/resource/breast-cancer")
    'breast cancer'
    >>> {"breast cancer", "melanoma"} <= {row["cancerLabel"] for row in kg.query("cancers-metastasizing-to", site="brain").records()}
    True
    """

    def __init__(
        self,
        asserted_nt: bytes,
        inferred_nt: bytes = b"",
        sources: SourceSet | None = None,
        reasoner: str | None = None,
        *,
        asserted: Graph | None = None,
        inferred: Graph | None = None,
        cache_key: str | None = None,
        canonical: bool = False,
    ) -> None:
        self.sources = sources
        self.reasoner = reasoner
        self._asserted_nt = asserted_nt
        self._inferred_nt = inferred_nt
        #: set when the graph came from a verified cache entry: its derived files (the name index) sit beside it
        self._cache_key = cache_key
        # N-Triples from a verified cache entry, or written by serialize.canonical_ntriples from terms a parser
        # checked (``canonical``), are loaded without checking every IRI again
        self.store = self._load(asserted_nt, inferred_nt, lenient=cache_key is not None or canonical)
        if asserted is not None:
            self.__dict__["asserted"] = asserted
        if inferred is not None:
            self.__dict__["inferred"] = inferred

    @staticmethod
    def _load(asserted_nt: bytes, inferred_nt: bytes, *, lenient: bool) -> ox.Store:
        store = ox.Store()
        # Lenient loading skips checks the terms passed already: it saved 0.02-0.06 s of 0.09-0.14 s on the shipped
        # graph (idle medians; one load of both parts or two made no measurable difference), 1.1 s of 6.7 s at 1M.
        store.bulk_load(asserted_nt + inferred_nt if inferred_nt else asserted_nt, format=ox.RdfFormat.N_TRIPLES,
                        lenient=lenient)
        return store

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_sources(cls, folder: Path | None = None, *, use_cache: bool = True) -> KnowledgeGraph:
        """Load the TBox, data files and mappings of ``folder`` (default: the shipped ones), reasoned.

        The first load merges the sources and runs the reasoner; the result is cached by content.
        """
        sources = SourceSet.in_folder(Path(folder) if folder else ontology_dir())
        cached = cls.from_cache(sources) if use_cache else None
        if cached is not None:
            return cached
        merge = cls.merge(sources)
        result = merge.reason()
        if result.notice:  # e.g. no Java: say which reasoner answers, as the build does
            import sys

            print(f"oncograph: {result.notice}", file=sys.stderr)
        kg = merge.knowledge_graph(result)
        if use_cache:
            kg.write_cache()
        return kg

    @staticmethod
    def merge(sources: SourceSet) -> Merge:
        """The sources merged into a store, not yet reasoned (the build times the two steps apart)."""
        from .sources import merge_sources

        return Merge(sources, *merge_sources(sources))

    @staticmethod
    def cache_key(sources: SourceSet, reasoner: str | None = None) -> str:
        """The cache key of the graph reasoned from ``sources``: every source byte, the code and library
        versions, and the reasoner that would run (``reasoner``, else the one chosen now)."""
        from . import __version__
        from .reasoner_choice import choose_reasoner

        return fingerprint(sources, f"{__version__}/{reasoner or choose_reasoner()[0]}")

    @classmethod
    def from_cache(cls, sources: SourceSet) -> KnowledgeGraph | None:
        """The reasoned graph of ``sources`` from the cache, or ``None`` if it holds no intact entry for them."""
        from .reasoner_choice import choose_reasoner

        chosen = choose_reasoner()[0]  # once: it looks for java on PATH
        key = cls.cache_key(sources, chosen)
        cached = read_cached(key)
        return None if cached is None else cls(cached[0], cached[1], sources, cached[2] or chosen, cache_key=key)

    def write_cache(self) -> None:
        """Keep this graph in the cache under its sources' key (the build and the first load do this)."""
        if self.sources is None:
            raise ValueError("a graph without sources has no cache key")
        write_cached(self.cache_key(self.sources), self._asserted_nt, self._inferred_nt, self.reasoner)

    @classmethod
    def from_graphs(cls, asserted: Graph, inferred: Graph, sources: SourceSet | None = None,
                    reasoner: str | None = None) -> KnowledgeGraph:
        """Wrap graphs already in memory (the build's own pipeline uses this)."""
        from .serialize import ntriples_bytes

        return cls(ntriples_bytes(asserted), ntriples_bytes(inferred),
                   sources, reasoner, asserted=asserted, inferred=inferred)

    @cached_property
    def asserted(self) -> Graph:
        """The curated sources as merged, without inferences (the 'base' release)."""
        return _parse_nt(self._asserted_nt)

    @cached_property
    def inferred(self) -> Graph:
        """Only the triples the reasoner added."""
        return _parse_nt(self._inferred_nt)

    @cached_property
    def graph(self) -> Graph:
        """The full graph: asserted plus inferred (the 'full' release), as an rdflib ``Graph``."""
        full = _parse_nt(b"")
        full += self.asserted
        full += self.inferred
        return full

    @cached_property
    def asserted_store(self) -> ox.Store:
        """The asserted triples alone in pyoxigraph, for the QC queries that must not see inferences. Loaded from
        the N-Triples with ``extend``, which keeps their blank-node labels (``bulk_load`` renames them), as an rdflib
        parse of them would. They are this hub's own canonical N-Triples, written from parsed terms or read from a
        verified cache entry, so they are parsed leniently: 4.0 s instead of 5.8 s at 1M."""
        store = ox.Store()
        store.extend(ox.parse(self._asserted_nt, format=ox.RdfFormat.N_TRIPLES, lenient=True))
        return store

    def release_ntriples(self, variant: str = "base") -> bytes:
        """A release variant as sorted canonical N-Triples: ``base`` (asserted) or ``full`` (with the inferences),
        its version IRI naming the variant and the release date (the ontology's owl:versionInfo)."""
        from .release.variants import release_date, variant_ntriples

        if variant not in ("base", "full"):
            raise ValueError(f"unknown release variant {variant!r}; choose base or full")
        parts = [self._asserted_nt, *([self._inferred_nt] if variant == "full" else [])]
        return variant_ntriples(parts, variant, release_date(self.store))

    @property
    def asserted_ntriples(self) -> bytes:
        """The asserted triples as sorted canonical N-Triples (what the cache keeps and the release is written from)."""
        return self._asserted_nt

    @property
    def asserted_count(self) -> int:
        """How many asserted triples (one per line of the kept N-Triples: no rdflib graph is built to count them)."""
        return self._asserted_nt.count(b"\n")

    @property
    def inferred_count(self) -> int:
        """How many triples the reasoner added."""
        return self._inferred_nt.count(b"\n")

    def __len__(self) -> int:
        return len(self.store)

    # ------------------------------------------------------------------ lookups
    def label(self, iri: str) -> str | None:
        """The ``rdfs:label`` of an entity, or ``None``."""
        for quad in self.store.quads_for_pattern(ox.NamedNode(str(iri)), RDFS_LABEL, None):
            return quad.object.value
        return None

    def class_counts(self) -> dict[str, int]:
        """Members of each oncograph class, subclasses included, keyed by class label (the graph-statistics query)."""
        return member_counts(self.query("graph-statistics"))

    @cached_property
    def index(self) -> EntityIndex:
        """Name lookup: labels, synonyms, CURIEs and IRIs to entities (kept beside a cached graph's entry)."""
        from .resolve import EntityIndex

        if self._cache_key is None:
            return EntityIndex.from_store(self.store)
        from .cache import read_derived, write_derived

        form = EntityIndex.form()
        saved = read_derived(self._cache_key, "index", form)
        if saved is not None:
            return EntityIndex.from_json(saved, self.store)
        index = EntityIndex.from_store(self.store)
        write_derived(self._cache_key, "index", form, index.to_json())
        return index

    def resolve(self, name: str, kind: str = "owl:Thing") -> str:
        """The IRI of the entity called ``name`` (label, synonym, CURIE or IRI) among members of ``kind``.

        >>> load().resolve("UBERON:0002369")
        'https://w3id.org/oncograph/resource/site-adrenal-gland'
        """
        return self.index.resolve(require_text(name, "an entity name"), kind)

    # ------------------------------------------------------------------ queries
    @cached_property
    def catalogue(self) -> Mapping[str, SavedQuery]:
        """The saved queries of ``queries/``, by name."""
        return self.catalogue_only()

    @staticmethod
    def catalogue_only() -> Mapping[str, SavedQuery]:
        """The saved-query catalogue without loading the graph (for listing it)."""
        from .queries import load_catalogue

        return load_catalogue(queries_dir())

    def query(self, name: str, **params: str) -> QueryResult:
        """Run a saved query; parameters are given by name (labels, synonyms, CURIEs or IRIs).

        >>> rows = load().query("metastasis-sites-of", cancer="colorectal cancer").records()
        >>> sorted({row["siteLabel"] for row in rows})
        ['bone', 'liver', 'lung']
        """
        from .queries import run_saved_query

        return run_saved_query(self, name, params)

    def sparql(self, text: str, *, timeout: float | None = DEFAULT_TIMEOUT,
               max_rows: int | None = DEFAULT_MAX_ROWS) -> QueryResult:
        """Run an ad-hoc read-only SPARQL SELECT query (SERVICE, LOAD and updates are refused).

        It runs in a worker process that is killed after ``timeout`` seconds (:class:`QueryLimitError`);
        at most ``max_rows`` rows are kept (``result.truncated`` says the cap cut it). ``None`` lifts a limit.

        >>> load().sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a og:StagingSystem }").records()
        [{'n': 4}]
        """
        from .queries import run_sparql
        from .query_limits import QueryLimits

        return run_sparql(self, text, QueryLimits(timeout, max_rows))

    # ------------------------------------------------------------------ validation
    def validate(self, paths: list[Path] | None = None, *, engine: str = "fast") -> ValidationReport:
        """Check the graph with the SHACL shapes and QC queries; with ``paths``, check only those data files.

        ``engine="pyshacl"`` runs pySHACL for the core constraints instead of the whole-graph engine (same report).

        >>> report = load().validate()
        >>> report.conforms, report.exit_code
        (True, 0)
        """
        from .validation import validate_files, validate_sources

        if paths:
            return validate_files(self, [Path(p) for p in paths], engine=engine)
        return validate_sources(self, engine=engine)

    # ------------------------------------------------------------------ domain helpers
    def describe(self, name: str) -> EntityCard:
        """Everything the graph says about one entity, and what points at it."""
        from .cards import describe_entity

        return describe_entity(self, self.resolve(name))

    def cancer(self, name: str) -> CancerProfile:
        """A cancer type's sites of spread, staging, stage definitions, treatment options and sources.

        >>> profile = load().cancer("breast cancer")
        >>> profile.label, sorted(profile.metastasis_sites)
        ('breast cancer', ['bone', 'brain', 'liver', 'lung'])
        >>> profile.metastasis_sites["bone"]
        'up to 70.6% of patients (4 studies); most common site'
        """
        from .cards import cancer_profile

        return cancer_profile(self, self.resolve(name, "og:CancerType"))

    def cancers_metastasizing_to(self, site: str) -> list[dict]:
        """The ``cancers-metastasizing-to`` rows for ``site`` (or a part or kind of it): numbers first, highest first.

        >>> rows = load().cancers_metastasizing_to("adrenal glands")
        >>> rows[0]["cancerLabel"], rows[0]["percent"], rows[0]["designLabel"]
        ('melanoma', Decimal('46.8'), 'autopsy')
        """
        return self.query("cancers-metastasizing-to", site=require_text(site, "site")).records()

    def metastasis_sites_of(self, cancer: str) -> list[dict]:
        """The ``metastasis-sites-of`` rows for ``cancer``: its own, its broader and narrower types' observations.

        >>> rows = load().metastasis_sites_of("gastric cancer")
        >>> rows[0]["siteLabel"], rows[0]["percent"], rows[0]["studies"]
        ('liver', Decimal('48'), 2)
        """
        return self.query("metastasis-sites-of", cancer=require_text(cancer, "cancer")).records()

    def similar_metastasis_profiles(self, cancer: str, *, limit: int | None = 10) -> QueryResult:
        """Other cancer types ranked by the cosine similarity of their per-site percentages to ``cancer``'s.

        A type without numbers of its own is compared through its nearest broader type that has some
        (``profileOf`` says which). ``.records()`` gives the rows.
        """
        from .profiles import similar_profiles

        return similar_profiles(self.store, self.resolve(require_text(cancer, "cancer"), "og:CancerType"), limit=limit)

    def plot(self, kind: str, cancer: str, image_format: str = "png") -> bytes:
        """A figure of one cancer type as PNG or SVG bytes: ``metastasis-sites`` (bars by percentage, a colour per
        study) or ``drugs-timeline`` (approvals by date). A cancer without such data is a :class:`NoFigureDataError`.
        """
        from .figures.plots import plot_cancer

        iri = self.resolve(require_text(cancer, "cancer"), "og:CancerType")
        return plot_cancer(self.query, kind, iri, self.label(iri) or cancer, image_format)

    def treatment_options(self, cancer: str, stage: str | None = None, condition: str | None = None) -> list[dict]:
        """Treatment options of a cancer (optionally for one stage or condition), as records."""
        params = {"cancer": require_text(cancer, "cancer"), **({"stage": stage} if stage else {}), **({"condition": condition} if condition else {})}
        return self.query("treatment-options", **params).records()

    def drugs_for(self, cancer: str, biomarker: str | None = None, setting: str | None = None) -> list[dict]:
        """Approved indications for a cancer (the drugs-for query), those requiring ``biomarker`` first.

        Indications stated for broader types (tumour-agnostic ones included) are inherited (``statedForLabel``);
        with a biomarker, those whose logic excludes it are left out; withdrawn approvals are never listed.

        >>> rows = load().drugs_for("non-small cell lung cancer", biomarker="EGFR exon 19 deletion")
        >>> rows[0]["biomarkerMatch"]
        'requires it'
        """
        params = {"cancer": require_text(cancer, "cancer"), **({"biomarker": biomarker} if biomarker else {}),
                  **({"setting": setting} if setting else {})}
        return self.query("drugs-for", **params).records()


class Merge:
    """Merged sources on their way to a :class:`KnowledgeGraph`: the store, and its asserted triples as sorted
    canonical N-Triples (taken before the reasoner adds to the store)."""

    def __init__(self, sources: SourceSet, store: ox.Store, asserted_ntriples: bytes) -> None:
        self.sources = sources
        self.store = store
        self.asserted_ntriples = asserted_ntriples

    @property
    def asserted_count(self) -> int:
        return self.asserted_ntriples.count(b"\n")

    def reason(self) -> StoreReasoning:
        """Run the reasoner on the store (which gets the inferred triples); raises if the sources are inconsistent."""
        from .reasoning import reason_store

        return reason_store(self.store)

    def knowledge_graph(self, result: StoreReasoning) -> KnowledgeGraph:
        """The hub over this merge and its reasoning. Its store is loaded afresh from the sorted N-Triples (5 s at a
        million triples) rather than being the merge's: a store answers in an order that follows how it was filled
        (GROUP_CONCAT lists, ties), and only a load of the same bytes makes that the same from one build to the next."""
        return KnowledgeGraph(self.asserted_ntriples, result.inferred_ntriples, self.sources, result.reasoner,
                              canonical=True)


def member_counts(statistics: QueryResult) -> dict[str, int]:
    """The class rows of a graph-statistics answer as label -> members (the build reuses the answer it writes)."""
    return dict(sorted((row["classLabel"], row["members"]) for row in statistics.records() if "class" in row))


def _parse_nt(data: bytes) -> Graph:
    from .serialize import ntriples_graph

    return ntriples_graph(data)


def load(folder: Path | str | None = None) -> KnowledgeGraph:
    """Load oncograph from its curated sources (the shipped ones unless ``folder`` is given).

    >>> kg = load()
    >>> kg.class_counts()["cancer type"] > 10
    True
    """
    return KnowledgeGraph.from_sources(Path(folder) if folder else None)


__all__ = ["KnowledgeGraph", "load"]
