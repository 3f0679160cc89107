"""Parameters by name: labels, synonyms, CURIEs and IRIs; "did you mean"; injection strings."""

from __future__ import annotations

import pytest

from oncograph.resolve import UnknownEntityError

ADRENAL = "https://w3id.org/oncograph/resource/site-adrenal-gland"


@pytest.mark.parametrize(
    "name",
    [
        "adrenal glands",
        "Adrenal gland",
        "  ADRENAL   GLAND ",
        "adrenal-gland",
        "adrenals",
        "UBERON:0002369",
        "uberon:0002369",
        "http://purl.obolibrary.org/obo/UBERON_0002369",
        "NCIT:C12666",
        "ogr:site-adrenal-gland",
        ADRENAL,
        f"<{ADRENAL}>",
    ],
)
def test_same_entity_whatever_the_name(kg, name: str) -> None:
    assert kg.resolve(name, "og:AnatomicalSite") == ADRENAL


def test_kind_restricts_the_match(kg) -> None:
    # "lung" is a site; asked as a cancer type it is unknown, with cancer suggestions
    with pytest.raises(UnknownEntityError) as excinfo:
        kg.resolve("lung", "og:CancerType")
    assert "no cancer type called 'lung'" in str(excinfo.value)
    assert "lung cancer" in excinfo.value.suggestions


def test_did_you_mean(kg) -> None:
    with pytest.raises(UnknownEntityError, match=r"Did you mean: 'adrenal gland'\?"):
        kg.resolve("adrenal glnd", "og:AnatomicalSite")
    with pytest.raises(UnknownEntityError, match="Did you mean: 'melanoma'"):
        kg.query("metastasis-sites-of", cancer="melanomma")


def test_unknown_without_close_match(kg) -> None:
    with pytest.raises(UnknownEntityError) as excinfo:
        kg.resolve("zzzzqqqq", "og:AnatomicalSite")
    assert excinfo.value.suggestions == []
    assert excinfo.value.exit_code == 2


@pytest.mark.parametrize(
    "attack",
    [
        'brain" } ?x ?y ?z . { "',
        "brain> } UNION { ?s ?p ?o } #",
        "<https://w3id.org/oncograph/resource/site-brain> } UNION { ?cancer ?p ?o",
        "?site",
        "' OR '1'='1",
        "brain\n} ; DROP ALL ; #",
        "SERVICE <http://example.org/sparql>",
    ],
)
def test_injection_strings_are_only_names(kg, attack: str) -> None:
    with pytest.raises(UnknownEntityError):
        kg.query("cancers-metastasizing-to", site=attack)


def test_a_curated_type_wins_over_the_oncotree_type_it_is_joined_to(kg) -> None:
    # "melanoma" names the curated type and OncoTree's MEL, which the curated type maps to: one concept, not two
    assert kg.resolve("melanoma", "og:CancerType").endswith("/melanoma")
    assert kg.resolve("MEL", "og:CancerType").endswith("/oncotree-MEL")  # the code still reaches the OncoTree node
