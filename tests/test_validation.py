"""Each shape and rule: break a copy of the data in one way and assert the exact violation.

The intact graph must conform. Mutations are SPARQL updates on a copy of the shipped graph.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from oncograph.locate import SubjectLocator
from oncograph.namespaces import PREFIXES
from oncograph.validation import ShapesError, _store, check_shapes, load_shapes, validate_graph

R = "https://w3id.org/oncograph/resource/"
PFX = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


@pytest.fixture(scope="module")
def shapes(kg) -> Graph:
    return load_shapes(kg.sources.shapes)


@pytest.fixture(scope="module")
def asserted(kg):
    """The curated triples alone, for the QC queries that check what curators wrote (the mutations here add
    triples to the full graph; asserted shortcuts are tested through `validate PATH` in test_cli_validate.py)."""
    return _store(kg.asserted)


def validate_mutated(kg, shapes, update: str, asserted):
    """The report of the fast engine (the default) on a copy of the shipped store changed by ``update``; a
    store copy costs a tenth of a second, an rdflib copy seconds (pySHACL's own runs on such copies are in
    test_validation_engines.py)."""
    store = ox.Store()
    store.bulk_extend(kg.store.quads_for_pattern(None, None, None, None))
    store.update(PFX + update)
    return validate_graph(None, shapes, kg.sources.qc_queries, store=store, asserted=asserted)


def test_intact_graph_conforms(kg, shapes, asserted) -> None:
    locator = SubjectLocator.from_files(kg.sources.all_files(), PREFIXES)
    report = validate_graph(kg.graph, shapes, kg.sources.qc_queries, locator, asserted=asserted)
    assert report.conforms and report.exit_code == 0
    assert report.violations == []
    assert {p.check for p in report.warnings} <= {"qc:missing-cross-reference", "qc:unused-entity"} or all(
        p.check.startswith("https://w3id.org/oncograph/qc/") for p in report.warnings)


CASES = [
    # (id, SPARQL update, focus, path, message fragment)
    ("label-missing", "DELETE WHERE { ogr:breast-cancer rdfs:label ?l }",
     "breast-cancer", "rdfs:label", "needs exactly one rdfs:label per language"),
    ("label-twice-same-language", 'INSERT DATA { ogr:breast-cancer rdfs:label "mammary cancer"@en }',
     "breast-cancer", "rdfs:label", "needs exactly one rdfs:label per language"),
    ("label-untagged", 'DELETE WHERE { ogr:site-liver rdfs:label ?l } ; INSERT DATA { ogr:site-liver rdfs:label "liver" }',
     "site-liver", "rdfs:label", "as a language-tagged string"),
    ("definition-missing", "DELETE WHERE { ogr:site-liver skos:definition ?d }",
     "site-liver", "skos:definition", "needs exactly one skos:definition"),
    ("altlabel-untagged", 'INSERT DATA { ogr:site-liver skos:altLabel "hepar" }',
     "site-liver", "skos:altLabel", "must be language-tagged"),
    ("entity-source-missing", "DELETE WHERE { ogr:therapy-surgery dcterms:source ?s }",
     "therapy-surgery", "dcterms:source", "needs dcterms:source"),
    ("pattern-source-missing", "DELETE WHERE { ogr:metastasis-lung-cancer-to-brain dcterms:source ?s }",
     "metastasis-lung-cancer-to-brain", "dcterms:source", "every fact carries its source"),
    ("option-source-missing", "DELETE WHERE { ogr:option-prostate-cancer-hormone dcterms:source ?s }",
     "option-prostate-cancer-hormone", "dcterms:source", "every fact carries its source"),
    ("definition-source-missing", "DELETE WHERE { ogr:stage-definition-melanoma-iv dcterms:source ?s }",
     "stage-definition-melanoma-iv", "dcterms:source", "every fact carries its source"),
    ("source-not-a-source", "INSERT DATA { ogr:breast-cancer dcterms:source ogr:site-liver }",
     "breast-cancer", "dcterms:source", "pointing at an og:Source"),
    ("xref-bad-uberon-form", "INSERT DATA { ogr:site-liver skos:exactMatch <http://purl.obolibrary.org/obo/UBERON_2107> }",
     "site-liver", "skos:exactMatch", "cross-references must be"),
    ("xref-unknown-vocabulary", "INSERT DATA { ogr:site-liver skos:closeMatch <http://example.org/liver> }",
     "site-liver", "skos:closeMatch", "cross-references must be"),
    ("xref-literal", 'INSERT DATA { ogr:breast-cancer skos:exactMatch "DOID:1612" }',
     "breast-cancer", "skos:exactMatch", "cross-references must be"),
    ("pattern-site-not-a-site", "DELETE WHERE { ogr:metastasis-lung-cancer-to-brain og:metastasisSite ?s } ; "
     "INSERT DATA { ogr:metastasis-lung-cancer-to-brain og:metastasisSite ogr:breast-cancer }",
     "metastasis-lung-cancer-to-brain", "og:metastasisSite", "must be exactly one anatomical site"),
    ("pattern-two-sites", "INSERT DATA { ogr:metastasis-lung-cancer-to-brain og:metastasisSite ogr:site-spleen }",
     "metastasis-lung-cancer-to-brain", "og:metastasisSite", "must be exactly one anatomical site"),
    ("pattern-no-frequency", "DELETE WHERE { ogr:metastasis-melanoma-to-bone og:frequency ?f }",
     "metastasis-melanoma-to-bone", "og:frequency", "states how common it is"),
    ("pattern-no-cancer", "DELETE WHERE { ogr:metastasis-melanoma-to-bone og:forCancer ?c }",
     "metastasis-melanoma-to-bone", "og:forCancer", "names exactly one cancer type"),
    ("option-no-therapy", "DELETE WHERE { ogr:option-prostate-cancer-hormone og:usesTherapy ?t }",
     "option-prostate-cancer-hormone", "og:usesTherapy", "uses at least one therapy"),
    ("option-no-stage", "DELETE WHERE { ogr:option-prostate-cancer-hormone og:forStage ?s }",
     "option-prostate-cancer-hormone", "og:forStage", "names exactly one stage"),
    ("option-stage-is-a-grade", "DELETE WHERE { ogr:option-prostate-cancer-hormone og:forStage ?s } ; "
     "INSERT DATA { ogr:option-prostate-cancer-hormone og:forStage ogr:grade-g4 }",
     "option-prostate-cancer-hormone", "og:forStage", "names exactly one stage"),
    ("option-no-cancer", "DELETE WHERE { ogr:option-prostate-cancer-hormone og:forCancer ?c }",
     "option-prostate-cancer-hormone", "og:forCancer", "names exactly one cancer type"),
    ("option-condition-not-a-condition", "INSERT DATA { ogr:option-prostate-cancer-hormone og:selectedBy ogr:therapy-surgery }",
     "option-prostate-cancer-hormone", "og:selectedBy", "must point at a clinical condition"),
    ("stage-without-system", "DELETE WHERE { ogr:stage-iva og:inSystem ?s }",
     "stage-iva", "og:inSystem", "belongs to exactly one staging system"),
    ("stage-in-grading-system", "DELETE WHERE { ogr:stage-iva og:inSystem ?s } ; INSERT DATA { ogr:stage-iva og:inSystem ogr:grading-numeric }",
     "stage-iva", "og:inSystem", "belongs to exactly one staging system"),
    ("grade-in-staging-system", "DELETE WHERE { ogr:grade-g2 og:inSystem ?s } ; INSERT DATA { ogr:grade-g2 og:inSystem ogr:tnm }",
     "grade-g2", "og:inSystem", "belongs to exactly one grading system"),
    ("tnm-symbol", 'DELETE WHERE { ogr:tnm-m og:symbol ?s } ; INSERT DATA { ogr:tnm-m og:symbol "X" }',
     "tnm-m", "og:symbol", "is T, N or M"),
    ("step-number-missing", "DELETE WHERE { ogr:option-prostate-cancer-radiation-hormone-step-2 og:stepNumber ?n }",
     "option-prostate-cancer-radiation-hormone-step-2", "og:stepNumber", "one step number"),
    ("step-number-zero", "DELETE WHERE { ogr:option-prostate-cancer-radiation-hormone-step-2 og:stepNumber ?n } ; "
     "INSERT DATA { ogr:option-prostate-cancer-radiation-hormone-step-2 og:stepNumber 0 }",
     "option-prostate-cancer-radiation-hormone-step-2", "og:stepNumber", "one step number, 1 or more"),
    ("step-orphan", "DELETE WHERE { ?o og:hasStep ogr:option-prostate-cancer-radiation-hormone-step-2 }",
     "option-prostate-cancer-radiation-hormone-step-2", "(complex path)", "belongs to exactly one treatment option"),
    ("source-no-publisher", "DELETE WHERE { ogr:source-acs-managing-advanced-cancer dcterms:publisher ?p }",
     "source-acs-managing-advanced-cancer", "dcterms:publisher", "needs its dcterms:publisher"),
    ("source-date-not-a-date", 'DELETE WHERE { ogr:source-acs-managing-advanced-cancer dcterms:issued ?d } ; '
     'INSERT DATA { ogr:source-acs-managing-advanced-cancer dcterms:issued "June 2021" }',
     "source-acs-managing-advanced-cancer", "dcterms:issued", "one xsd:date"),
    ("stage-definition-no-text", "DELETE WHERE { ogr:stage-definition-melanoma-iv skos:definition ?d }",
     "stage-definition-melanoma-iv", "skos:definition", "needs exactly one skos:definition"),
    ("grade-definition-no-grade", "DELETE WHERE { ogr:grade-definition-cns-g4 og:forGrade ?g }",
     "grade-definition-cns-g4", "og:forGrade", "names exactly one grade"),
    ("subtype-of-a-site", "INSERT DATA { ogr:melanoma og:subtypeOf ogr:site-skin }",
     "melanoma", "og:subtypeOf", "must point at a cancer type"),
    ("part-of-a-therapy", "INSERT DATA { ogr:site-liver og:partOf ogr:therapy-surgery }",
     "site-liver", "og:partOf", "must point at an anatomical site"),
    ("graded-flag-not-boolean", 'DELETE WHERE { ogr:brain-cancer og:gradedRatherThanStaged ?f } ; '
     'INSERT DATA { ogr:brain-cancer og:gradedRatherThanStaged "yes" }',
     "brain-cancer", "og:gradedRatherThanStaged", "is one xsd:boolean"),
    # ---- cross-entity rules
    ("rule-option-stage-system", "INSERT DATA { ogr:option-x a og:TreatmentOption ; rdfs:label \"x\"@en ; "
     "og:forCancer ogr:cervical-cancer ; og:forStage ogr:stage-iv ; og:usesTherapy ogr:therapy-surgery ; "
     "dcterms:source ogr:source-ctca-stage-4-cancer }",
     "option-x", "og:forStage", "stage 'stage IV' belongs to 'TNM staging system', which is not a staging system of cancer 'cervical cancer'"),
    ("rule-hematologic-tnm", "INSERT DATA { ogr:leukemia og:stagedWith ogr:tnm }",
     "leukemia", "og:stagedWith", "hematologic cancers are not staged with TNM"),
    ("rule-graded-not-staged-staged", "INSERT DATA { ogr:brain-cancer og:stagedWith ogr:tnm }",
     "brain-cancer", "og:stagedWith", "graded rather than staged, yet"),
    ("rule-graded-not-staged-definition", "INSERT DATA { ogr:def-x a og:StageDefinition ; rdfs:label \"x\"@en ; "
     "skos:definition \"x\"@en ; og:forCancer ogr:cns-cancer ; og:forStage ogr:stage-iv ; dcterms:source ogr:source-ctca-stage-4-cancer }",
     "cns-cancer", "og:hasStatement", "graded rather than staged, yet"),
    ("rule-own-primary-site", "DELETE WHERE { ogr:metastasis-lung-cancer-to-brain og:metastasisSite ?s } ; "
     "INSERT DATA { ogr:metastasis-lung-cancer-to-brain og:metastasisSite ogr:site-lung }",
     "metastasis-lung-cancer-to-brain", "og:metastasisSite", "cannot metastasize to its own primary site ('lung')"),
    ("rule-substage-system", "DELETE WHERE { ogr:stage-ivb og:inSystem ?s } ; INSERT DATA { ogr:stage-ivb og:inSystem ogr:figo }",
     "stage-ivb", "og:substageOf", "substage of 'stage IV', which is in 'TNM staging system', but this stage is in 'FIGO staging system'"),
    ("rule-duplicate-label", 'INSERT DATA { ogr:therapy-chemo-2 a og:Therapy ; rdfs:label "chemotherapy"@en ; '
     'skos:definition "x"@en ; dcterms:source ogr:source-ctca-stage-4-cancer }',
     "therapy-chemo-2", "rdfs:label", "shares the label \"chemotherapy\" with 'chemotherapy', another"),
    ("rule-subtype-cycle", "INSERT DATA { ogr:cancer og:subtypeOf ogr:breast-cancer }",
     "cancer", "og:subtypeOf", "the subtype hierarchy has a cycle"),
    ("rule-part-of-cycle", "INSERT DATA { ogr:site-central-nervous-system og:partOf ogr:site-brain }",
     "site-central-nervous-system", "og:partOf", "the part-of hierarchy has a cycle"),
    ("rule-kind-of-cycle", "INSERT DATA { ogr:therapy-cancer-treatment og:kindOf ogr:therapy-chemotherapy }",
     "therapy-cancer-treatment", "og:kindOf", "the kind-of hierarchy has a cycle"),
    ("xref-bad-broad-match-form", "INSERT DATA { ogr:brain-cancer skos:broadMatch <http://example.org/cns> }",
     "brain-cancer", "skos:broadMatch", "cross-references must be"),
    ("rule-bare-selected-by", "INSERT DATA { ogr:option-prostate-cancer-hormone og:selectedBy ogr:condition-older-age }",
     "option-prostate-cancer-hormone", "og:selectedBy", "does not say whether all of the conditions, any of them"),
    ("rule-site-kind-of-cycle", "INSERT DATA { ogr:site-lymph-node og:siteKindOf ogr:site-distant-lymph-node }",
     "site-lymph-node", "og:siteKindOf", "the site kind-of hierarchy has a cycle"),
    ("observation-numerator-above-denominator",  # a property pair (sh:lessThanOrEquals), on one published row
     "DELETE WHERE { ogr:observation-dauplat-ovarian-1987-oncotree-OVT-to-bone og:numerator ?n } ; "
     "INSERT DATA { ogr:observation-dauplat-ovarian-1987-oncotree-OVT-to-bone og:numerator 300 }",
     "observation-dauplat-ovarian-1987-oncotree-OVT-to-bone", "og:numerator", "cannot be more than the patients counted"),
    ("observation-denominator-above-cohort",
     "DELETE WHERE { ogr:observation-dauplat-ovarian-1987-oncotree-OVT-to-bone og:cohortSize ?n } ; "
     "INSERT DATA { ogr:observation-dauplat-ovarian-1987-oncotree-OVT-to-bone og:cohortSize 200 }",
     "observation-dauplat-ovarian-1987-oncotree-OVT-to-bone", "og:denominator", "cannot be more than the cohort's patients"),
    ("qc-undeclared-resource", "INSERT DATA { ogr:breast-cancer og:primarySite ogr:site-brest }",
     "breast-cancer", "og:primarySite", "points at <https://w3id.org/oncograph/resource/site-brest>, which is not declared"),
]


@pytest.mark.parametrize(("case", "update", "focus", "path", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_copy_gives_exact_violation(kg, shapes, asserted, case, update, focus, path, message) -> None:
    report = validate_mutated(kg, shapes, update, asserted)
    assert not report.conforms and report.exit_code == 1
    matching = [p for p in report.violations if p.focus == R + focus and p.path == path and message in p.message]
    assert matching, f"{case}: expected violation not found in:\n{report.to_text()}"


@pytest.mark.parametrize(
    ("update", "focus", "check", "message"),
    [
        ('INSERT DATA { ogr:site-x a og:AnatomicalSite ; rdfs:label "x"@en ; skos:definition "x"@en ; '
         'dcterms:source ogr:source-ctca-stage-4-cancer }', "site-x", "missing-cross-reference", "has no cross-reference"),
        ('INSERT DATA { ogr:site-x a og:AnatomicalSite ; rdfs:label "x"@en ; skos:definition "x"@en ; '
         'dcterms:source ogr:source-ctca-stage-4-cancer }', "site-x", "unused-entity", "is not used by any fact"),
        ('INSERT DATA { ogr:therapy-x a og:Therapy ; rdfs:label "Chemotherapy"@en ; skos:definition "x"@en ; '
         'dcterms:source ogr:source-ctca-stage-4-cancer }', "therapy-x", "similar-label", "differs only in case"),
        ("DELETE WHERE { ogr:option-melanoma-chemotherapy skos:definition ?d }",
         "option-melanoma-chemotherapy", "missing-definition", "has no skos:definition"),
    ],
)
def test_qc_reports_are_warnings(kg, shapes, asserted, update, focus, check, message) -> None:
    report = validate_mutated(kg, shapes, update, asserted)
    assert report.conforms  # warnings do not fail
    assert any(p.focus == R + focus and p.check == f"https://w3id.org/oncograph/qc/{check}" and message in p.message
               and p.severity == "Warning" for p in report.warnings), report.to_text()


def test_shapes_conform_to_shacl_shapes_for_shapes(kg) -> None:
    check_shapes(load_shapes(kg.sources.shapes), kg.sources.shapes)  # raises if not; never answered from the cache


def test_broken_shapes_are_refused_by_meta_shacl(tmp_path, kg) -> None:
    broken = tmp_path / "shapes.ttl"
    text = kg.sources.shapes.read_text(encoding="utf-8").replace("sh:minCount 1 ; sh:datatype rdf:langString ; sh:uniqueLang true ; sh:minLength 1",
                                                                  'sh:minCount "one" ; sh:datatype rdf:langString ; sh:uniqueLang true ; sh:minLength 1')
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ShapesError, match="do not conform to the SHACL shapes for shapes"):
        load_shapes(broken)


def test_a_passed_shapes_check_is_remembered_by_content(tmp_path, kg, monkeypatch) -> None:
    """The meta-SHACL check (3-4 s) runs once per shapes content and pySHACL version; an edit is checked again."""
    import oncograph.validation as validation

    monkeypatch.setenv("ONCOGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_bytes(kg.sources.shapes.read_bytes())
    load_shapes(shapes)  # checked, and remembered
    calls = []
    monkeypatch.setattr(validation, "meta_validate", lambda *a, **k: calls.append(1) or (False, None, "refused"))
    load_shapes(shapes)
    assert calls == []
    shapes.write_bytes(shapes.read_bytes() + b"\n# an edit\n")
    with pytest.raises(ShapesError, match="refused"):
        load_shapes(shapes)
    assert calls == [1]
