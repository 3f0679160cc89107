"""Each statement of the seed page listed in docs/seed-coverage.md, asked of the graph.

The keys are the statement IDs of docs/seed-coverage.md; a test below checks that
the document and this table list the same IDs, so neither can drift.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PREFIXES = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX ogr: <https://w3id.org/oncograph/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

SRC = "ogr:source-ctca-stage-4-cancer"
SEED_LABEL = "CTCA: Stage 4 cancer"


def pattern(cancer: str, sites: list[str], freq: str) -> str:
    parts = [
        f"?p{i} og:forCancer ogr:{cancer} ; og:metastasisSite ogr:site-{s} ; og:frequency ogr:frequency-{freq} ; dcterms:source {SRC} ."
        for i, s in enumerate(sites)
    ]
    # exclusive among the source's patterns of this frequency (studies add observations of their own beside them)
    count = f"""FILTER NOT EXISTS {{ ?x og:forCancer ogr:{cancer} ; og:metastasisSite ?other ; og:frequency ogr:frequency-{freq} ; dcterms:source {SRC} .
                FILTER(?other NOT IN ({", ".join(f"ogr:site-{s}" for s in sites)})) }}"""
    return " ".join(parts) + count


def option(cancer: str, stage: str, therapies: list[str], extra: str = "") -> str:
    uses = " ".join(f"?o og:usesTherapy ogr:therapy-{t} ." for t in therapies)
    return f"?o a og:TreatmentOption ; og:forCancer ogr:{cancer} ; og:forStage ogr:{stage} ; dcterms:source {SRC} . {uses} {extra}"


STATEMENTS: dict[str, str] = {
    # --- the source itself
    "S01": f"{SRC} dcterms:publisher ?p ; dcterms:modified \"2022-08-11\"^^xsd:date ; og:medicalReviewer ?r . FILTER(CONTAINS(?r, 'Markman'))",
    "S02": f"{SRC} dcterms:references ogr:source-nci-understanding-cancer-prognosis , ogr:source-acs-managing-advanced-cancer . "
           "ogr:source-nci-understanding-cancer-prognosis dcterms:issued \"2019-06-17\"^^xsd:date . "
           "ogr:source-acs-managing-advanced-cancer dcterms:issued \"2021-06-16\"^^xsd:date .",
    # --- what stage 4 is
    "S03": "ogr:stage-iv skos:altLabel \"metastatic cancer\"@en ; og:inSystem ogr:tnm ; og:hedge \"often\" . "
           "ogr:stage-definition-cancer-iv og:forCancer ogr:cancer ; og:forStage ogr:stage-iv ; og:hedge \"often\" .",
    "S04": "ogr:stage-definition-cancer-iv og:mayFollowTreatmentOfPrimary true .",
    "S05": "ogr:metastasis-breast-cancer-to-brain og:forCancer ogr:breast-cancer ; og:metastasisSite ogr:site-brain . "
           "FILTER NOT EXISTS { ?p og:forCancer ogr:brain-cancer ; og:metastasisSite ?s }",
    "S06": "ogr:stage-iva og:substageOf ogr:stage-iv . ogr:stage-ivb og:substageOf ogr:stage-iv .",
    "S07": "ogr:adenocarcinoma og:metastaticTermForStageFour \"metastatic adenocarcinoma\"@en .",
    # --- liquid cancers
    "S08": "ogr:leukemia a og:HematologicCancerType . ogr:lymphoma a og:HematologicCancerType . "
           "ogr:multiple-myeloma a og:HematologicCancerType . ogr:hematologic-cancer skos:altLabel \"liquid cancer\"@en .",
    "S09": "ogr:hematologic-cancer og:stagedByFactor ogr:factor-healthy-to-cancer-cell-ratio , ogr:factor-organ-swelling , ogr:factor-blood-disorder . "
           "ogr:factor-healthy-to-cancer-cell-ratio og:hedge \"may\" . ogr:factor-organ-swelling og:hedge \"may\" . ogr:factor-blood-disorder og:hedge \"may\" . "
           "ogr:factor-organ-swelling og:involvesSite ogr:site-lymph-node , ogr:site-liver , ogr:site-spleen .",
    # --- the five cancers: stage 4 meaning and sites of spread
    "S10": "ogr:stage-definition-breast-cancer-iv og:forCancer ogr:breast-cancer ; og:forStage ogr:stage-iv ; "
           "og:spreadBeyond ogr:site-breast , ogr:site-axillary-lymph-node , ogr:site-internal-mammary-lymph-node .",
    "S11": pattern("breast-cancer", ["bone", "brain", "lung", "liver"], "most-common"),
    "S12": "ogr:stage-definition-lung-cancer-iv og:spreadBeyond ogr:site-lung ; og:spreadTo ogr:site-contralateral-lung .",
    "S13": pattern("lung-cancer", ["adrenal-gland", "bone", "brain", "liver"], "most-common"),
    "S14": "ogr:stage-definition-prostate-cancer-iv og:spreadBeyond ogr:site-prostate-gland ; og:mayFollowTreatmentOfPrimary true .",
    "S15": pattern("prostate-cancer", ["adrenal-gland", "liver", "bone", "lung"], "most-common"),
    "S16": "ogr:stage-definition-colorectal-cancer-iv og:forCancer ogr:colorectal-cancer ; og:spreadBeyond ogr:site-colon .",
    "S17": pattern("colorectal-cancer", ["liver", "lung", "bone"], "most-common"),
    "S18": "ogr:stage-definition-melanoma-iv og:spreadBeyond ogr:site-skin , ogr:site-regional-lymph-node ; "
           "og:spreadTo ogr:site-distant-lymph-node , ogr:site-distant-skin .",
    "S19": pattern("melanoma", ["bone", "brain", "liver", "lung"], "reported"),
    # --- staging systems
    "S20": "ogr:tnm-t og:inSystem ogr:tnm ; og:symbol \"T\" . ogr:tnm-n og:inSystem ogr:tnm ; og:symbol \"N\" . "
           "ogr:tnm-m og:inSystem ogr:tnm ; og:symbol \"M\" . "
           "VALUES ?c { ogr:breast-cancer ogr:lung-cancer ogr:prostate-cancer ogr:colorectal-cancer ogr:melanoma } ?c og:stagedWith ogr:tnm .",
    "S21": "ogr:leukemia og:stagedWith ogr:binet , ogr:rai . ogr:binet og:appliesToSomeTypesOnly true . ogr:rai og:appliesToSomeTypesOnly true . "
           "FILTER NOT EXISTS { ogr:leukemia og:stagedWith ogr:tnm }",
    "S22": "ogr:cervical-cancer og:stagedWith ogr:figo ; og:subtypeOf ogr:female-reproductive-system-cancer . "
           "ogr:female-reproductive-system-cancer og:stagedWith ogr:figo . "
           "ogr:figo skos:definition ?d . FILTER(CONTAINS(?d, 'separate from TNM') && !CONTAINS(?d, 'instead of'))",
    # --- diagnosis and grading
    "S23": "ogr:procedure-biopsy og:detects ogr:grading-numeric . ogr:procedure-imaging a og:DiagnosticProcedure .",
    "S24": "ogr:grading-numeric skos:definition ?d . FILTER(CONTAINS(?d, 'most but not all'))",
    "S25": "ogr:grade-low og:growthRate \"slow\" ; og:inSystem ogr:grading-three-tier . ogr:grade-high og:growthRate \"rapid\" . "
           "ogr:grade-intermediate og:inSystem ogr:grading-three-tier .",
    "S26": "ogr:grade-g1 og:correspondsTo ogr:grade-low ; og:levelRank 1 . ogr:grade-g4 og:correspondsTo ogr:grade-high ; og:levelRank 4 .",
    "S27": "ogr:grading-numeric og:contributesToStaging true . ogr:prognostic-factor-grade a og:PrognosticFactor .",
    "S28": "VALUES ?c { ogr:cns-cancer ogr:brain-cancer ogr:spinal-cord-cancer } ?c og:gradedRatherThanStaged true ; og:gradedWith ogr:grading-numeric . "
           "FILTER NOT EXISTS { ?c og:stagedWith ?s }",
    "S29": "ogr:grade-definition-cns-g4 og:forCancer ogr:cns-cancer ; og:forGrade ogr:grade-g4 ; og:aggressive true ; og:growthRate \"rapid\" .",
    "S30": "ogr:cns-cancer og:secondaryTumoursMoreCommonThanPrimary true .",
    # --- general treatment
    "S31": option("cancer", "stage-iv", ["targeted-drug", "chemotherapy"], "?o og:intent ogr:intent-disease-control , ogr:intent-symptom-relief ."),
    "S32": option("cancer", "stage-iv", ["clinical-trial"]),
    # --- breast
    "S33": option("breast-cancer", "stage-iv", ["hormone", "targeted-drug", "chemotherapy", "immunotherapy"],
                  "?o og:combinationMode ogr:mode-alone-or-combined ; og:therapyChoiceGuidedBy ogr:condition-hormone-receptor-status , "
                  "ogr:condition-her2-status ; og:selectedByAllOf ogr:condition-beyond-breast-and-nodes ."),
    "S34": option("breast-cancer", "stage-iv", ["surgery", "radiation"],
                  "?o og:intent ogr:intent-symptom-relief ; og:selectedByAnyOf ogr:condition-blocked-blood-vessel , "
                  "ogr:condition-tumour-wound , ogr:condition-spinal-cord-involvement ."),
    # --- lung
    "S35": option("lung-cancer", "stage-iv", ["systemic"]),
    "S36": option("lung-cancer", "stage-iva", ["surgery", "radiation"],
                  "?o og:selectedByAllOf ogr:condition-single-distant-site ; og:hedge \"tends to\" ; og:hasStep ?s1 , ?s2 . "
                  "?s1 og:stepNumber 1 ; og:intent ogr:intent-complete-removal ; og:usesTherapy ogr:therapy-surgery , ogr:therapy-radiation . "
                  "?s2 og:stepNumber 2 ; og:targetsSite ogr:site-lung ; og:usesTherapy ogr:therapy-chemotherapy , ogr:therapy-surgery , ogr:therapy-radiation ."),
    "S37": "ogr:stage-definition-lung-cancer-ivb og:forStage ogr:stage-ivb ; og:extent ogr:condition-widespread ; "
           "og:moreCommonThan ogr:stage-definition-lung-cancer-iva .",
    "S38": option("lung-cancer", "stage-ivb", ["targeted-drug"],
                  "?o og:selectedByAllOf ogr:condition-actionable-mutation , ogr:condition-widespread ; og:precededBy ogr:procedure-genetic-testing ."),
    "S39": option("lung-cancer", "stage-ivb", ["immunotherapy", "chemotherapy"]),
    "S40": option("lung-cancer", "stage-ivb", ["palliative-care"], "?o og:selectedByAllOf ogr:condition-tumour-symptoms ."),
    # --- prostate
    "S41": option("prostate-cancer", "stage-iv", ["hormone"], "?o og:combinationMode ogr:mode-single ."),
    "S42": option("prostate-cancer", "stage-iv", ["hormone", "chemotherapy"], "?o og:combinationMode ogr:mode-combined ."),
    "S43": option("prostate-cancer", "stage-iv", ["radiation", "hormone"],
                  "?o og:combinationMode ogr:mode-sequential ; og:hasStep ?s1 , ?s2 . ?s1 og:stepNumber 1 ; og:usesTherapy ogr:therapy-radiation . "
                  "?s2 og:stepNumber 2 ; og:optional true ; og:usesTherapy ogr:therapy-hormone ."),
    "S44": option("prostate-cancer", "stage-iv", ["surgery", "radiation"],
                  "?o og:selectedByAnyOf ogr:condition-urinary-symptoms , ogr:condition-bleeding ; og:intent ogr:intent-symptom-relief ."),
    "S45": option("prostate-cancer", "stage-iv", ["bone-strengthening-drug", "bone-directed-radiation"],
                  "?o og:selectedByAllOf ogr:condition-bone-metastasis ."),
    "S46": option("prostate-cancer", "stage-iv", ["watchful-waiting"],
                  "?o og:selectedByAnyOf ogr:condition-older-age , ogr:condition-serious-health-problems ; "
                  "og:escalationTrigger ogr:condition-growth-past-threshold , ogr:condition-new-symptoms ."),
    # --- colorectal
    "S47": option("colorectal-cancer", "stage-iv", ["surgery", "chemotherapy"],
                  "?o og:selectedByAllOf ogr:condition-few-lung-liver-metastases ; og:hasStep ?s1 , ?s2 . "
                  "?s1 og:stepNumber 1 ; og:usesTherapy ogr:therapy-surgery . ?s2 og:stepNumber 2 ; og:usesTherapy ogr:therapy-chemotherapy ."),
    "S48": option("colorectal-cancer", "stage-iv", ["chemotherapy", "surgery"],
                  "?o og:selectedByAllOf ogr:condition-extensive-or-unresectable ; og:hasStep ?s1 , ?s2 , ?s3 . "
                  "?s1 og:stepNumber 1 ; og:intent ogr:intent-tumour-shrinkage . "
                  "?s2 og:stepNumber 2 ; og:selectedByAllOf ogr:condition-shrunk-enough-for-surgery ; og:usesTherapy ogr:therapy-surgery . "
                  "?s3 og:stepNumber 3 ; og:usesTherapy ogr:therapy-chemotherapy ."),
    "S49": option("colon-cancer", "stage-iv", ["chemotherapy", "targeted"],
                  "?o og:selectedByAllOf ogr:condition-widespread ; og:combinationMode ogr:mode-either-or-both ."),
    "S50": option("colon-cancer", "stage-iv", ["surgery"],
                  "?o og:selectedByAllOf ogr:condition-widespread , ogr:condition-organ-compression ; og:intent ogr:intent-symptom-relief ."),
    "S51": option("rectal-cancer", "stage-iv", ["chemotherapy", "radiation", "surgery"],
                  "?o og:selectedByAllOf ogr:condition-few-lung-liver-metastases ; og:hasStep ?s2 . "
                  "?s2 og:stepNumber 2 ; og:intent ogr:intent-adjuvant ."),
    # --- melanoma
    "S52": "?o og:forCancer ogr:melanoma ; og:alsoUsedIn ogr:situation-recurrent-melanoma , ogr:situation-unresectable-stage-iii-melanoma .",
    "S53": "ogr:option-melanoma-immunotherapy og:usedBefore ogr:option-melanoma-chemotherapy . "
           "ogr:option-melanoma-signal-transduction-inhibitors og:usedBefore ogr:option-melanoma-chemotherapy . "
           "ogr:option-melanoma-oncolytic-virus og:usedBefore ogr:option-melanoma-chemotherapy .",
    "S54": option("melanoma", "stage-iv", ["oncolytic-virus"]) + " ogr:therapy-oncolytic-virus og:kindOf ogr:therapy-targeted . "
           "FILTER NOT EXISTS { ogr:therapy-oncolytic-virus og:kindOf+ ogr:therapy-systemic }",
    "S55": option("melanoma", "stage-iv", ["signal-transduction-inhibitor"]) + " ogr:therapy-signal-transduction-inhibitor og:kindOf ogr:therapy-targeted .",
    "S56": option("melanoma", "stage-iv", ["immunotherapy"]),
    "S57": option("melanoma", "stage-iv", ["chemotherapy"]),
    "S58": option("melanoma", "stage-iv", ["palliative-care", "surgery", "radiation"],
                  "?o og:selectedByAnyOf ogr:condition-affected-lymph-nodes , ogr:condition-digestive-tumour , ogr:condition-brain-tumour ."),
    "S59": option("melanoma", "stage-iv", ["clinical-trial"]),
    # --- prognosis
    "S60": "ogr:prognostic-factor-cancer-type a og:PrognosticFactor . ogr:prognostic-factor-age a og:PrognosticFactor . "
           "ogr:prognostic-factor-overall-health a og:PrognosticFactor . ogr:prognostic-factor-grade a og:PrognosticFactor .",
    "S61": "ogr:stage-definition-cancer-iv og:multiYearSurvivalPossible true .",
    # --- support
    "S62": "VALUES ?r { ogr:support-care-team ogr:support-counseling ogr:support-pain-and-palliative-care ogr:support-groups } "
           f"?r a og:SupportResource ; dcterms:source {SRC} .",
    "S63": "ogr:procedure-second-opinion a og:DiagnosticProcedure .",
}

COVERAGE_DOC = Path(__file__).resolve().parents[1] / "docs" / "seed-coverage.md"


@pytest.mark.parametrize("statement_id", sorted(STATEMENTS))
def test_statement_is_in_graph(kg, statement_id: str) -> None:
    query = PREFIXES + "ASK { " + STATEMENTS[statement_id] + " }"
    assert kg.graph.query(query).askAnswer, f"{statement_id} not found in the graph"


def test_coverage_document_lists_exactly_the_tested_statements() -> None:
    documented = set(re.findall(r"^\| (S\d\d) \|", COVERAGE_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert documented == set(STATEMENTS)


def test_every_statement_node_and_entity_has_a_source(kg) -> None:
    query = PREFIXES + """
    SELECT ?s WHERE {
        ?s a ?class . ?class a owl:Class .
        FILTER(STRSTARTS(STR(?s), STR(ogr:)))
        FILTER NOT EXISTS { ?s dcterms:source ?src }
        FILTER NOT EXISTS { ?s a og:TreatmentStep }
        FILTER NOT EXISTS { ?s a/rdfs:subClassOf* og:Source }
        FILTER NOT EXISTS { ?s a og:StudyDesign }  # oncograph's own four designs of issue 9, defined in our words
        # a regimen (and its ordered components) only says which drugs go together; it is shared by the
        # indications that use it, and each of those carries the source that names the regimen
        FILTER NOT EXISTS { ?s a og:Regimen } FILTER NOT EXISTS { ?s a og:RegimenComponent }
    }"""
    missing = sorted({str(row[0]) for row in kg.graph.query(query)})
    assert missing == []
    unsourced_regimens = kg.sparql("""SELECT ?r WHERE { ?r a og:Regimen .
        FILTER NOT EXISTS { ?i og:regimen ?r ; dcterms:source ?src } }""").records()
    assert unsourced_regimens == []  # every regimen is used by at least one sourced indication


def test_a_broken_statement_is_detected(kg) -> None:
    """The ASK helpers can fail: a pattern with a site the source does not name is rejected."""
    query = PREFIXES + "ASK { " + pattern("breast-cancer", ["bone", "brain", "lung", "adrenal-gland"], "most-common") + " }"
    assert not kg.graph.query(query).askAnswer


# ---------------------------------------------------------------- issue 12, items 11-22: regression tests
# Each asks the shipped graph (the session fixture) or reads a shipped file, so they cost milliseconds.

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def ask(kg, body: str) -> bool:
    return bool(kg.graph.query(PREFIXES + "ASK { " + body + " }").askAnswer)


def test_liquid_cancer_factors_stay_on_the_group_with_the_seeds_hedge(kg) -> None:
    """Item 11: the seed says liquid cancers *may* be staged by the factors; it does not say which type uses which."""
    assert not ask(kg, "VALUES ?c { ogr:leukemia ogr:lymphoma ogr:multiple-myeloma ogr:chronic-lymphocytic-leukemia } ?c og:stagedByFactor ?f")
    assert ask(kg, "ogr:hematologic-cancer og:stagedByFactor ?f . ?f og:hedge \"may\" .")
    assert not ask(kg, "ogr:hematologic-cancer og:stagedByFactor ?f . FILTER NOT EXISTS { ?f og:hedge ?h }")


def test_binet_and_rai_stage_cll_with_a_source_that_says_so(kg) -> None:
    """Item 12: CLL is a leukemia staged with Binet and Rai, sourced to a page naming both for CLL; the seed's hedge stays."""
    assert ask(kg, "ogr:chronic-lymphocytic-leukemia a og:HematologicCancerType ; og:subtypeOf ogr:leukemia ; "
                   "og:stagedWith ogr:binet , ogr:rai ; dcterms:source ogr:source-ccs-cll-staging . "
                   "ogr:source-ccs-cll-staging dcterms:identifier ?url . FILTER(CONTAINS(STR(?url), 'chronic-lymphocytic-leukemia'))")
    assert ask(kg, f"ogr:leukemia og:stagedWith ogr:binet , ogr:rai ; dcterms:source {SRC} . ogr:binet og:appliesToSomeTypesOnly true .")
    rows = kg.query("cancers-by-staging-system", system="Rai").records()
    assert {r["cancerLabel"] for r in rows} == {"leukemia", "chronic lymphocytic leukemia"}


def test_hedges_of_the_seed_are_kept(kg) -> None:
    """Item 14: "it often means" is not turned into a firm "has reached"."""
    assert ask(kg, "ogr:stage-definition-cancer-iv og:hedge \"often\" ; skos:definition ?d . FILTER(CONTAINS(?d, 'often'))")
    assert ask(kg, "ogr:stage-iv skos:definition ?d . FILTER(CONTAINS(?d, 'often') && !CONTAINS(?d, 'usually'))")
    row = kg.query("stage-definition", cancer="cancer").records()[0]
    assert row["hedge"] == "often"
    assert {r["hedge"] for r in kg.query("liquid-cancer-staging-factors").records()} == {"may"}


def test_oncolytic_virus_therapy_is_not_systemic_drug_therapy(kg) -> None:
    """Item 15: injected into tumours (NCI dictionary), grouped with targeted therapy by the seed; not under systemic."""
    assert not ask(kg, "ogr:therapy-oncolytic-virus og:kindOf+ ogr:therapy-systemic")
    assert ask(kg, "ogr:therapy-oncolytic-virus og:kindOf ogr:therapy-targeted ; dcterms:source ogr:source-nci-dictionary-talimogene .")
    assert not ask(kg, "ogr:therapy-targeted og:kindOf+ ogr:therapy-systemic")
    assert ask(kg, "ogr:therapy-signal-transduction-inhibitor og:kindOf+ ogr:therapy-systemic")


def test_lung_stage_iva_says_one_distant_area_is_the_seeds_simplification(kg) -> None:
    """Item 16."""
    assert ask(kg, "ogr:stage-definition-lung-cancer-iva skos:editorialNote ?n ; dcterms:source ogr:source-ncit-stage-iva-lung . "
                   "FILTER(CONTAINS(?n, 'simplification') && CONTAINS(?n, 'other lung') && CONTAINS(?n, 'effusion'))")


def test_claims_the_seed_does_not_make_are_dropped_or_cited(kg) -> None:
    """Item 17: synonyms the seed does not support are gone; textbook definitions cite a source that says them."""
    for entity, label in [("intent-complete-removal", "curative intent"), ("condition-single-distant-site", "oligometastatic"),
                          ("condition-serious-health-problems", "frailty"), ("therapy-palliative-care", "supportive care"),
                          ("melanoma", "skin melanoma"), ("intent-tumour-shrinkage", "neoadjuvant")]:
        assert not ask(kg, f"ogr:{entity} skos:altLabel \"{label}\"@en"), (entity, label)
    assert not ask(kg, "ogr:tnm skos:definition ?d . FILTER(CONTAINS(?d, 'stage groups'))")
    for entity in ["therapy-hormone", "condition-her2-status", "condition-hormone-receptor-status"]:
        assert ask(kg, f"ogr:{entity} dcterms:source ?s . FILTER(?s != {SRC})"), entity
    care = (ONTOLOGY / "data" / "care.ttl").read_text(encoding="utf-8")
    assert 'cites NCI "Understanding Cancer Prognosis" for prognosis' not in care
    assert 'cites ACS "Managing Advanced Cancer" for support' not in care


def test_condition_logic_is_explicit(kg) -> None:
    """Item 18: no curated option says bare og:selectedBy; all-of and any-of are told apart in the data and the answers."""
    assert not list(kg.asserted.query(PREFIXES + "SELECT ?o WHERE { ?o og:selectedBy ?c }"))
    assert ask(kg, "ogr:option-lung-cancer-ivb-targeted og:selectedByAllOf ogr:condition-widespread , ogr:condition-actionable-mutation .")
    assert ask(kg, "ogr:option-prostate-cancer-watchful-waiting og:selectedByAnyOf ogr:condition-older-age , ogr:condition-serious-health-problems .")
    assert ask(kg, "ogr:option-prostate-cancer-watchful-waiting og:selectedBy ogr:condition-older-age")  # derived super-property
    options = {r["optionLabel"]: r for r in kg.query("treatment-options", cancer="prostate cancer").records()}
    waiting = options["watchful waiting for stage 4 prostate cancer in older or unwell men"]
    assert set(waiting["requiresAnyOf"].split("; ")) == {"older age", "serious other health problems"}
    assert waiting["requiresAllOf"] == ""
    lung = {r["optionLabel"]: r for r in kg.query("treatment-options", cancer="lung cancer", stage="stage 4B").records()}
    targeted = lung["targeted drug for a driver mutation in stage 4B lung cancer"]
    assert set(targeted["requiresAllOf"].split("; ")) == {"widespread metastasis", "actionable driver mutation"}
    breast = {r["optionLabel"]: r for r in kg.query("treatment-options", cancer="breast cancer").records()}
    systemic = breast["systemic drug treatment for stage 4 breast cancer"]
    assert set(systemic["therapyChoiceGuidedBy"].split("; ")) == {"hormone receptor status", "HER2 status"}
    roles = {(r["conditionLabel"], r["role"]) for r in kg.query("conditions-affecting-treatment", cancer="prostate cancer").records()}
    assert ("older age", "required (any of)") in roles and ("spread to the bones", "required (all of)") in roles


@pytest.mark.parametrize("cancer", ["brain cancer", "spinal cord cancer", "central nervous system cancer"])
def test_graded_not_staged_cancers_inherit_no_stage(kg, cancer: str) -> None:
    """Item 19: the generic stage IV definition and options do not reach cancers that have no stages."""
    for query in ["treatment-options", "stage-definition", "palliative-options", "conditions-affecting-treatment"]:
        assert kg.query(query, cancer=cancer).records() == [], query
    profile = kg.cancer(cancer)
    assert profile.treatment_options == [] and profile.stage_definitions == []
    # staged subtypes still inherit
    assert any(r["statedForLabel"] == "cancer" for r in kg.query("treatment-options", cancer="colon cancer").records())


def test_sites_use_kind_of_where_they_mean_is_a(kg) -> None:
    """Item 20: the other lung is a lung and the kinds of lymph node are lymph nodes (is-a), not parts of them."""
    assert ask(kg, "ogr:site-contralateral-lung og:siteKindOf ogr:site-lung")
    assert not ask(kg, "ogr:site-contralateral-lung og:partOf ?x")
    for node in ["regional", "distant", "axillary", "internal-mammary"]:
        assert ask(kg, f"ogr:site-{node}-lymph-node og:siteKindOf ogr:site-lymph-node"), node
        assert not ask(kg, f"ogr:site-{node}-lymph-node og:partOf ?x"), node
    assert ask(kg, "og:metastasizesTo owl:propertyChainAxiom ( og:metastasizesTo og:siteKindOf )")
    seed = {r["cancerLabel"] for r in kg.cancers_metastasizing_to("central nervous system") if r["sourceLabel"] == SEED_LABEL}
    assert sorted(seed) == ["breast cancer", "lung cancer", "melanoma"]


def _mappings() -> dict[tuple[str, str], tuple[str, str]]:
    rows = [line.split("\t") for line in (ONTOLOGY / "mappings.sssom.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#") and not line.startswith("subject_id")]
    return {(r[0], r[3]): (r[2], r[4]) for r in rows}


def test_mapping_predicates_and_labels() -> None:
    """Item 21: broader/narrower targets are broad/narrow matches, and object_label is the target's own label."""
    m = _mappings()
    assert m[("ogr:adenocarcinoma", "ONCOTREE:ADNOS")][0] == "skos:narrowMatch"
    assert m[("ogr:brain-cancer", "ONCOTREE:BRAIN")][0] == "skos:broadMatch"
    assert m[("ogr:colon-cancer", "ONCOTREE:COAD")][0] == "skos:narrowMatch"
    assert m[("ogr:rectal-cancer", "ONCOTREE:READ")][0] == "skos:narrowMatch"
    assert m[("ogr:procedure-genetic-testing", "NCIT:C15709")][0] in {"skos:closeMatch", "skos:broadMatch"}
    assert m[("ogr:therapy-palliative-care", "NCIT:C15747")][0] == "skos:broadMatch"
    assert m[("ogr:colon-cancer", "NCIT:C9242")][1] == "Malignant Colon Neoplasm"
    assert not [key for key, (_, label) in m.items() if label.endswith("(NCIT)")]


def test_broad_and_narrow_matches_reach_the_graph(kg) -> None:
    assert ask(kg, "ogr:brain-cancer skos:broadMatch <https://bioregistry.io/oncotree:BRAIN>")
    assert ask(kg, "ogr:adenocarcinoma skos:narrowMatch <https://bioregistry.io/oncotree:ADNOS>")


def test_qualitative_frequency_never_orders_across_cancers(kg) -> None:
    """Item 22: the first sort keys of metastasis-sites-of are the cancer and source a row is stated for, not the rank."""
    from rdflib.plugins.sparql import prepareQuery

    query = prepareQuery(kg.catalogue["metastasis-sites-of"].text)

    def order_by(node):
        if getattr(node, "name", None) == "OrderBy":
            return node
        for value in (node.values() if hasattr(node, "values") else []):
            if hasattr(value, "name") or isinstance(value, dict):
                found = order_by(value)
                if found is not None:
                    return found
        return None

    keys = [str(getattr(c, "expr", c)) for c in order_by(query.algebra).expr]
    # numbers first, highest first (issue 9); the qualitative rows then by the type and source they are stated for
    assert keys[:2] == ["hasNumber", "percent"], keys
    assert keys.index("statedForLabel") < keys.index("sourceLabel") < keys.index("rank"), keys


def test_anatomy_definitions_cite_the_ontology_they_restate(kg) -> None:
    """Item 17: textbook anatomy is not credited to the seed alone; every site with a UBERON ID cites UBERON's file."""
    missing = kg.graph.query(PREFIXES + """
        SELECT ?site WHERE { ?site a og:AnatomicalSite ; skos:exactMatch ?u .
            FILTER(STRSTARTS(STR(?u), "http://purl.obolibrary.org/obo/UBERON_"))
            FILTER NOT EXISTS { ?site dcterms:source ogr:source-uberon-via-mondo } }""")
    assert sorted(str(r[0]) for r in missing) == ["https://w3id.org/oncograph/resource/site-axillary-lymph-node"]
