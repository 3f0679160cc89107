"""The reasoner adds facts the curated graph does not assert, and the queries rely on them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from oncograph.graph import KnowledgeGraph
from oncograph.reasoning import HERMIT, OWL_RL, InconsistentGraphError, reason

OG = "https://w3id.org/oncograph/ontology#"
R = "https://w3id.org/oncograph/resource/"


def triple(s: str, p: str, o: str) -> tuple[URIRef, URIRef, URIRef]:
    return URIRef(R + s), (RDF.type if p == "a" else URIRef(OG + p)), URIRef((OG if p == "a" else R) + o)


@pytest.mark.parametrize(
    ("s", "p", "o", "what"),
    [
        ("breast-cancer", "metastasizesTo", "site-brain", "shortcut edge from a metastasis pattern (property chain)"),
        ("breast-cancer", "metastasizesTo", "site-central-nervous-system", "CNS roll-up via part-of"),
        ("colorectal-cancer", "metastasizesTo", "site-digestive-system", "liver is part of the digestive system"),
        ("colon-cancer", "subtypeOf", "cancer", "subtype closure (colon -> colorectal -> cancer)"),
        ("cancer", "hasSubtype", "colon-cancer", "inverse of the subtype closure"),
        ("therapy-signal-transduction-inhibitor", "kindOf", "therapy-systemic", "therapy kind closure"),
        ("melanoma", "treatedWith", "therapy-oncolytic-virus", "treated-with shortcut (property chain)"),
        ("option-prostate-cancer-watchful-waiting", "selectedBy", "condition-older-age", "super-property of selectedByAnyOf"),
        ("breast-cancer", "a", "CancerWithCNSMetastasis", "defined class membership"),
        ("lung-cancer", "a", "BiomarkerGuidedCancer", "defined class via an actionable mutation"),
        ("prostate-cancer", "a", "CancerWithBoneMetastasis", "defined class membership"),
    ],
)
def test_inferred_fact_not_asserted(kg, s, p, o, what) -> None:
    fact = triple(s, p, o)
    assert fact not in kg.asserted, f"{what} should not be asserted"
    assert fact in kg.inferred, what


def test_defined_classes_have_exactly_the_expected_members(kg) -> None:
    def members(cls: str) -> set[str]:
        return {str(s)[len(R):] for s in kg.graph.subjects(RDF.type, URIRef(OG + cls))}

    def stated(site: str) -> set[str]:
        """Cancers with an asserted pattern or observation at the site or a part or kind of it (no reasoner)."""
        rows = kg.asserted.query(f"""PREFIX og: <{OG}> SELECT DISTINCT ?c WHERE {{
            ?p og:forCancer ?c ; og:metastasisSite ?s . ?s (og:partOf|og:siteKindOf)* <{R}{site}> }}""")
        return {str(row[0])[len(R):] for row in rows}

    assert members("CancerWithCNSMetastasis") == stated("site-central-nervous-system")
    assert {"breast-cancer", "lung-cancer", "melanoma", "oncotree-SCLC"} <= members("CancerWithCNSMetastasis")
    assert members("BiomarkerGuidedCancer") == {"breast-cancer", "lung-cancer"}
    assert members("CancerWithLiverMetastasis") == stated("site-liver")
    assert {"breast-cancer", "lung-cancer", "prostate-cancer", "colorectal-cancer", "melanoma"} <= members("CancerWithLiverMetastasis")


def test_cancers_metastasizing_to_rests_on_the_inference(kg) -> None:
    cancers = {r["cancerLabel"] for r in kg.cancers_metastasizing_to("central nervous system")}
    assert cancers >= {"breast cancer", "lung cancer", "melanoma", "Small Cell Lung Cancer", "gastric cancer"}
    unreasoned = KnowledgeGraph.from_graphs(kg.asserted, Graph())
    assert unreasoned.cancers_metastasizing_to("central nervous system") == []
    assert unreasoned.cancers_metastasizing_to("adrenal glands") == []


def test_missing_java_falls_back_to_owl_rl_with_a_message_and_the_same_inferences(kg, tmp_path: Path) -> None:
    """Without Java a user's first query reasons with OWL RL, says so, and the graph it caches is HermiT's."""
    bin_dir = tmp_path / "bin"  # a PATH with python but no java
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    cache = tmp_path / "cache"
    env = {**os.environ, "PATH": str(bin_dir), "ONCOGRAPH_CACHE_DIR": str(cache)}
    env.pop("ONCOGRAPH_REASONER", None)
    result = subprocess.run([sys.executable, "-m", "oncograph", "query", "cancers-metastasizing-to", "-p", "site=adrenal glands"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "Java was not found, so HermiT cannot run: falling back to the pure-Python OWL RL reasoner (owlrl)" in result.stderr
    assert "melanoma" in result.stdout and "prostate cancer" in result.stdout
    (inferred_file,) = cache.glob("*.inferred.nt")
    fallback = Graph().parse(inferred_file, format="nt")
    assert set(fallback) == set(kg.inferred)
    # shortcut, closure, inverse, super-property and defined-class facts, superclass types, and the subtype
    # closure of the OncoTree import (computed by SPARQL, outside either reasoner)
    assert len(kg.inferred) > 8000
    assert kg.reasoner == HERMIT


def test_injected_inconsistency_names_entities_and_axiom(kg) -> None:
    broken = Graph()
    broken += kg.asserted
    broken.add((URIRef(R + "leukemia"), RDF.type, URIRef(OG + "SolidCancerType")))
    broken.add((URIRef(R + "metastasis-lung-cancer-to-brain"), URIRef(OG + "metastasisSite"), URIRef(R + "melanoma")))
    with pytest.raises(InconsistentGraphError) as excinfo:
        reason(broken)
    lines = str(excinfo.value).splitlines()
    leukemia = next(line for line in lines if line.strip().startswith("ogr:leukemia is both"))
    assert "og:HematologicCancerType (asserted type)" in leukemia and "og:SolidCancerType (asserted type)" in leukemia
    assert "but owl:AllDisjointClasses(og:SolidCancerType, og:HematologicCancerType)" in leukemia
    melanoma = [line for line in lines if line.strip().startswith("ogr:melanoma is both")]
    assert any("og:AnatomicalSite (object of og:metastasisSite from ogr:metastasis-lung-cancer-to-brain, "
               "whose range is og:AnatomicalSite)" in line and "og:CancerType" in line for line in melanoma)


def test_inconsistency_fails_the_build(sources_copy: Path, tmp_path: Path) -> None:
    data = sources_copy / "data" / "cancers.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace("ogr:lymphoma a og:HematologicCancerType ;",
                                                             "ogr:lymphoma a og:HematologicCancerType , og:AnatomicalSite ;"), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "oncograph", "build", "--sources", str(sources_copy), "--out", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "the graph is inconsistent" in result.stderr
    assert "ogr:lymphoma is both og:CancerType (asserted type) and og:AnatomicalSite (asserted type)" in result.stderr
    assert not out.exists()


def test_full_graph_materialises_superclass_types_and_base_stays_asserted(kg) -> None:
    query = "SELECT ?c WHERE { ?c a og:CancerType }"
    cancers = {row["c"] for row in kg.sparql(query).records()}
    assert len(cancers) == kg.class_counts()["cancer type"] > 10
    solid = (URIRef(R + "breast-cancer"), RDF.type, URIRef(OG + "CancerType"))
    assert solid in kg.inferred and solid not in kg.asserted
    base = KnowledgeGraph.from_graphs(kg.asserted, Graph())
    assert len(base.sparql(query).records()) < len(cancers)


def test_ranges_are_in_the_owl2_datatype_map(kg) -> None:
    from oncograph.release.owl_profile import OwlProfileError, check_owl2_datatypes, owl2_datatype_problems
    from oncograph.validation import _store

    assert owl2_datatype_problems(kg.store) == []
    broken = Graph()
    broken += kg.asserted
    broken.set((URIRef(OG + "cellAppearance"), URIRef("http://www.w3.org/2000/01/rdf-schema#range"),
                URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")))
    with pytest.raises(OwlProfileError) as excinfo:
        check_owl2_datatypes(_store(broken))
    message = str(excinfo.value)
    assert "og#cellAppearance> uses the datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>, which is not in the OWL 2 datatype map" in message.replace("ontology#", "og#")
    assert "but a value that is a language-tagged string (@en)" in message


JAVA_25 = Path(os.environ.get("ONCOGRAPH_TEST_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "java"


@pytest.mark.skipif(not JAVA_25.is_file(), reason=f"no Java 25 at {JAVA_25} (set ONCOGRAPH_TEST_JAVA25 to a JDK 25 home): "
                                                  "owlready2's Pellet needs it")
def test_pellet_finds_the_graph_consistent(kg, monkeypatch) -> None:
    """A second OWL 2 DL reasoner: Pellet found the ontology inconsistent when two ranges were rdf:langString."""
    import owlready2

    from oncograph.owl_check import owlready_world

    monkeypatch.setattr(owlready2, "JAVA_EXE", str(JAVA_25))
    with owlready_world(kg.asserted) as (world, _):
        owlready2.sync_reasoner_pellet(world, infer_property_values=False, infer_data_property_values=False, debug=0)
        assert list(world.inconsistent_classes()) == []


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@needs_java
def test_an_inconsistency_only_hermit_sees_is_reported_as_hermits() -> None:
    """A functional property with two values declared different: no disjointness clash, so HermiT's own verdict."""
    graph = Graph().parse(format="turtle", data=f"""
        @prefix og: <{OG}> . @prefix ogr: <{R}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        og:onlyOne a owl:ObjectProperty , owl:FunctionalProperty .
        ogr:a og:onlyOne ogr:b , ogr:c .
        ogr:b owl:differentFrom ogr:c .""")
    with pytest.raises(InconsistentGraphError, match="HermiT found the ontology and data inconsistent, and no "
                                                     "disjointness clash explains it"):
        reason(graph)


def test_hermit_output_lines_become_triples() -> None:
    from oncograph.hermit import parse_hermit_output

    output = (f"SubClassOf( <{OG}A> <{OG}B> )\nType( <{R}x> <{OG}A> )\n"
              f"<{OG}p> (known instances: (<{R}x>, <{R}y>)(<{R}x>, <{R}z>) | possible instances: (<{R}y>, <{R}z>)) \n"
              "owl:topObjectProperty (known instances:  | possible instances: ) \n")
    assert {(t.subject.value, t.predicate.value, t.object.value) for t in parse_hermit_output(output)} == {
        (R + "x", str(RDF.type), OG + "A"), (R + "x", OG + "p", R + "y"), (R + "x", OG + "p", R + "z")}


def test_sources_are_left_out_of_the_reasoner_until_an_axiom_needs_them(kg) -> None:
    """HermiT's input drops the 244 sources and studies while no class expression, chain, key or list but a
    disjointness axiom or a domain's union mentions them or their predicates; one such axiom keeps them in."""
    import pyoxigraph as ox

    from oncograph.reasoner_input import reasoner_core, source_axioms

    store = ox.Store()  # a copy: the hub's asserted store is shared by the other tests
    store.extend(kg.asserted_store)
    study = ox.NamedNode(R + "study-riihimaki-gastric-2016")
    assert any(q.subject == study for q in store.quads_for_pattern(study, None, None))
    assert source_axioms(store) == []
    assert not any(t.subject == study for t in reasoner_core(store))
    store.load(f"""@prefix og: <{OG}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        og:StudyWithPmid owl:equivalentClass [ a owl:Restriction ; owl:onProperty og:pmid ; owl:minCardinality 1 ] .""".encode(),
               format=ox.RdfFormat.TURTLE)
    assert source_axioms(store) == [(OG + "pmid", "http://www.w3.org/2002/07/owl#onProperty")]
    assert any(t.subject == study for t in reasoner_core(store))
    # a list is harmless only as the members of disjoint classes (or a domain's union), not of disjoint properties
    store.load(f"""@prefix og: <{OG}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        [] a owl:AllDisjointProperties ; owl:members ( og:doi og:pmcid ) .""".encode(), format=ox.RdfFormat.TURTLE)
    members = "http://www.w3.org/2002/07/owl#members"
    assert {(OG + "doi", members), (OG + "pmcid", members)} <= set(source_axioms(store))


def test_sources_stay_in_the_reasoner_when_only_their_triples_type_something(kg) -> None:
    """A study's design that no file types: only the range of og:studyDesign makes it an og:StudyDesign, and the
    reasoner must see the study's triple to say so. Likewise a study that is owl:sameAs another individual."""
    import pyoxigraph as ox

    from oncograph.reasoner_input import reasoner_core, source_typings

    store = ox.Store()
    store.extend(kg.asserted_store)
    study = ox.NamedNode(R + "study-riihimaki-gastric-2016")
    sources = {q.subject for c in ("Source", "Study") for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(OG + c))}
    assert study in sources and source_typings(store, sources) == []
    store.add(ox.Quad(study, ox.NamedNode(OG + "studyDesign"), ox.NamedNode(R + "design-untyped")))
    assert source_typings(store, sources) == [(R + "design-untyped", OG + "StudyDesign")]
    assert any(t.subject == study for t in reasoner_core(store))
    store.remove(ox.Quad(study, ox.NamedNode(OG + "studyDesign"), ox.NamedNode(R + "design-untyped")))
    assert not any(t.subject == study for t in reasoner_core(store))
    # nor when a source is the same individual as another, whose facts it would then share
    store.add(ox.Quad(ox.NamedNode(R + "same-study"), ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"), study))
    assert any(t.subject == study for t in reasoner_core(store))


@needs_java
def test_hermit_failing_on_its_input_is_an_error_with_its_message() -> None:
    from oncograph.hermit import HermitFailedError, hermit_inferences

    with pytest.raises(HermitFailedError, match="HermiT stopped with exit code 0: Problem parsing file:"):
        hermit_inferences(b"<urn:a> <urn:p> this is not N-Triples .\n")


@needs_java
def test_hermit_keeps_non_ascii_iris_under_a_c_locale(monkeypatch) -> None:
    """Java writes in the locale's charset: under LANG=C an IRI's "ö" came back as "?"."""
    from oncograph.hermit import hermit_inferences

    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    owl = "http://www.w3.org/2002/07/owl#"
    lines = [f"<{OG}treats> <{RDF.type}> <{owl}ObjectProperty> .", f"<{OG}Kind> <{RDF.type}> <{owl}Class> .",
             f"<{OG}treats> <http://www.w3.org/2000/01/rdf-schema#domain> <{OG}Kind> .",
             f"<{R}sjögren-syndrome> <{OG}treats> <{R}b> ."]
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in hermit_inferences("\n".join(lines).encode("utf-8") + b"\n")}
    assert (R + "sjögren-syndrome", str(RDF.type), OG + "Kind") in triples


@pytest.mark.parametrize("limit", [None, "10"], ids=["hermit", "rules"])
def test_a_users_own_namespace_gets_the_same_inferences_as_ours(kg, monkeypatch, limit) -> None:
    """A cohort merged under its own namespace (``--sources DIR``): its cancer type and observation get the
    chains, inverses, defined-class memberships and superclass types an ``ogr:`` resource gets, while the
    user's own class and property (declared terms) get none. Until December 2026 only ``ogr:`` subjects did."""
    if limit is None and shutil.which("java") is None:
        pytest.skip("HermiT needs Java")
    monkeypatch.delenv("ONCOGRAPH_REASONER", raising=False)
    if limit:
        monkeypatch.setenv("ONCOGRAPH_HERMIT_MAX_TRIPLES", limit)
    ex = "https://example.org/cohort/"
    merged = Graph()
    for fact in kg.asserted:
        merged.add(fact)
    merged.parse(data=f"""@prefix og: <{OG}> . @prefix ex: <{ex}> . @prefix ogr: <{R}> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:CohortCancer a owl:Class ; rdfs:subClassOf og:SolidCancerType .
        ex:enrolledIn a owl:ObjectProperty ; rdfs:subPropertyOf og:hasStatement .
        ex:cohort-cancer a ex:CohortCancer ; rdfs:label "cohort cancer"@en .
        ex:observation-1 a og:MetastasisObservation ; og:forCancer ex:cohort-cancer ; og:metastasisSite ogr:site-liver .
        """, format="turtle")
    inferred = reason(merged).inferred
    cancer, observation = URIRef(ex + "cohort-cancer"), URIRef(ex + "observation-1")
    for fact in [(cancer, URIRef(OG + "hasStatement"), observation),                     # inverse
                 (cancer, URIRef(OG + "metastasizesTo"), URIRef(R + "site-liver")),        # property chain
                 (cancer, URIRef(OG + "metastasizesTo"), URIRef(R + "site-digestive-system")),  # chain via part-of
                 (cancer, RDF.type, URIRef(OG + "CancerWithLiverMetastasis")),             # defined class
                 (cancer, RDF.type, URIRef(OG + "CancerType")),                            # superclass types
                 (observation, RDF.type, URIRef(OG + "CancerStatement"))]:
        assert fact in inferred and fact not in merged, fact
    assert not any(s in (URIRef(ex + "CohortCancer"), URIRef(ex + "enrolledIn")) for s, _, _ in inferred)
    # and nothing about our own resources changes
    assert {t for t in inferred if str(t[0]).startswith(R)} == set(kg.inferred)
