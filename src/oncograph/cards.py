"""Readable summaries of one entity: the ``show`` card and the cancer profile.

Both are assembled from the graph at call time, so they always say exactly
what the graph says, with labels in place of IRIs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .results import python_value
from .rdf_terms import RDFS_LABEL

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

_OUTGOING = """
SELECT ?entity ?p ?pLabel ?o ?oLabel WHERE {
  ?entity ?p ?o .
  OPTIONAL { ?p rdfs:label ?pl } OPTIONAL { ?o rdfs:label ?ol }
  BIND(COALESCE(?pl, STR(?p)) AS ?pLabel) BIND(COALESCE(?ol, STR(?o)) AS ?oLabel)
} ORDER BY ?pLabel ?oLabel
"""
_NAMED_INDIVIDUAL = "http://www.w3.org/2002/07/owl#NamedIndividual"
_SUBTYPE_OF = "https://w3id.org/oncograph/ontology#subtypeOf"
_INCOMING = """
SELECT ?entity ?s ?sLabel ?p ?pLabel WHERE {
  ?s ?p ?entity . FILTER(isIRI(?s))
  OPTIONAL { ?p rdfs:label ?pl } OPTIONAL { ?s rdfs:label ?sl }
  BIND(COALESCE(?pl, STR(?p)) AS ?pLabel) BIND(COALESCE(?sl, STR(?s)) AS ?sLabel)
} ORDER BY ?pLabel ?sLabel
"""


@dataclass
class Fact:
    """One edge of the card: property and the other end, both with labels."""

    property: str
    property_label: str
    value: str
    value_label: str


@dataclass
class EntityCard:
    """Everything the graph states about an entity and every statement that points at it."""

    iri: str
    label: str | None
    facts: list[Fact] = field(default_factory=list)
    referenced_by: list[Fact] = field(default_factory=list)
    lineage: list[str] = field(default_factory=list)  # a cancer type's broader types, broadest first (a DAG, so not one chain)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_text(self) -> str:
        lines = [f"{self.label or self.iri}", f"  <{self.iri}>"]
        if self.lineage:
            lines.append(f"  lineage (broadest first): {'; '.join(self.lineage)}")
        width = max((len(f.property_label) for f in self.facts + self.referenced_by), default=0)
        for fact in self.facts:
            lines.append(f"  {fact.property_label:<{width}}  {fact.value_label}")
        if self.referenced_by:
            lines.append("referenced by:")
            for fact in self.referenced_by:
                lines.append(f"  {fact.property_label:<{width}}  {fact.value_label}")
        return "\n".join(lines)


def describe_entity(kg: KnowledgeGraph, iri: str) -> EntityCard:
    """The card of ``iri``: outgoing facts, then the subjects that refer to it; a cancer type's broader types."""
    card = entity_card(kg.store, iri)
    if any(f.property == _SUBTYPE_OF for f in card.facts):
        rows = kg.query("cancer-lineage", cancer=iri).records()  # nearest first
        card.lineage = [_with_code(r) for r in reversed(rows)]
    return card


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - a curies.Converter, built once: the ontology page makes a card per term
    import curies

    from .namespaces import PREFIXES

    return curies.Converter.from_prefix_map(PREFIXES)


def entity_card(store: ox.Store, iri: str) -> EntityCard:
    """The card of ``iri`` read from ``store`` alone (the HTTP server's entity pages use it)."""
    from .namespaces import PREFIXES

    converter = _converter()

    def readable(label: str) -> str:  # an IRI without a label reads better as a CURIE
        return converter.compress(label) or label

    node = {ox.Variable("entity"): ox.NamedNode(iri)}
    label = next((q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), RDFS_LABEL, None)), None)
    card = EntityCard(iri=iri, label=label)
    for row in store.query(_OUTGOING, prefixes=PREFIXES, substitutions=node):
        if row["o"].value == _NAMED_INDIVIDUAL:
            continue
        value = str(python_value(row["o"]))
        # STR() of a blank node (an OWL restriction) is an error, so its label is unbound: show its _: name
        value_label = readable(row["oLabel"].value) if row["oLabel"] is not None else value
        card.facts.append(Fact(row["p"].value, readable(row["pLabel"].value), value, value_label))
    for row in store.query(_INCOMING, prefixes=PREFIXES, substitutions=node):
        card.referenced_by.append(Fact(row["p"].value, readable(row["pLabel"].value), row["s"].value, readable(row["sLabel"].value)))
    return card


def _with_code(row: dict) -> str:
    code = row.get("code")
    return f"{row['ancestorLabel']} ({code})" if code else str(row["ancestorLabel"])


@dataclass
class CancerProfile:
    """What the graph knows about one cancer type, assembled from the saved queries."""

    iri: str
    label: str
    metastasis_sites: dict[str, str]
    staging: list[dict]
    stage_definitions: list[dict]
    treatment_options: list[dict]
    sources: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


def _site_summaries(rows: list[dict]) -> dict[str, str]:
    """Per site, the highest published percent and how many studies give one, else the qualitative words.

    The rows are ``metastasis-sites-of``'s: the type's own observations and its broader and narrower types'.
    """
    percents: dict[str, list[float]] = {}
    studies: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    for row in rows:
        site = row["siteLabel"]
        if row.get("percent") is not None:
            percents.setdefault(site, []).append(float(row["percent"]))
            studies.setdefault(site, set()).add(row.get("study") or "")
        elif row.get("frequencyLabel"):
            words.setdefault(site, set()).add(row["frequencyLabel"])
    summaries = {site: "; ".join(sorted(found)) for site, found in words.items()}
    for site, values in percents.items():
        count = len(studies[site])
        numbers = f"up to {max(values):g}% of patients ({count} stud{'y' if count == 1 else 'ies'})"
        summaries[site] = f"{numbers}; {summaries[site]}" if site in summaries else numbers
    return summaries


def cancer_profile(kg: KnowledgeGraph, iri: str) -> CancerProfile:
    """Sites (highest published percent, or the seed's words), staging, stage definitions, options and sources."""
    sites = _site_summaries(kg.query("metastasis-sites-of", cancer=iri).records())
    return CancerProfile(
        iri=iri,
        label=kg.label(iri) or iri,
        metastasis_sites=dict(sorted(sites.items())),
        staging=kg.query("staging-systems-of", cancer=iri).records(),
        stage_definitions=kg.query("stage-definition", cancer=iri).records(),
        treatment_options=kg.query("treatment-options", cancer=iri).records(),
        sources=sorted({r["sourceLabel"] for r in kg.query("sources-of", entity=iri).records()}),
    )


__all__ = ["CancerProfile", "EntityCard", "Fact", "cancer_profile", "describe_entity", "entity_card"]
