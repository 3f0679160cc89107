"""Cancers with alike metastasis profiles: cosine similarity over per-site percentages.

The question asked of a cancer of unknown primary is "which primaries spread like this?". A cancer type's
profile is a vector with one value per metastatic site: the mean of the percentages its numeric observations
give for that site (qualitative observations have no number and are left out). Two profiles are compared by
the cosine of their angle, so a study that counts only metastatic patients (larger percentages) and one that
counts all patients (smaller ones) still match when their sites rank alike.

SPARQL has no square root, so the vectors are read with one query and compared here. The module takes a
pyoxigraph store, not the whole graph hub.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import PREFIXES
from .results import QueryResult

_PROFILES = """
SELECT ?cancer ?cancerLabel ?site ?siteLabel (AVG(?percent) AS ?mean) WHERE {
  ?observation a og:MetastasisObservation ; og:forCancer ?cancer ; og:metastasisSite ?site ; og:percent ?percent .
  ?cancer rdfs:label ?cancerLabel .
  ?site rdfs:label ?siteLabel .
} GROUP BY ?cancer ?cancerLabel ?site ?siteLabel
"""

_ANCESTORS = """
SELECT ?cancer ?ancestor (COUNT(DISTINCT ?above) AS ?depth) WHERE {
  ?cancer og:subtypeOf ?ancestor .
  OPTIONAL { ?ancestor og:subtypeOf ?above }
} GROUP BY ?cancer ?ancestor
"""

COLUMNS = ("cancer", "cancerLabel", "similarity", "sharedSites", "sites", "profileOf", "profileOfLabel")


@dataclass(frozen=True)
class Profile:
    """One cancer type's mean percentage per metastatic site."""

    cancer: str
    label: str
    percents: dict[str, float]
    site_labels: dict[str, str]


def read_profiles(store: ox.Store) -> dict[str, Profile]:
    """Every cancer type with numeric observations, by IRI."""
    values: dict[str, dict[str, float]] = defaultdict(dict)
    labels: dict[str, str] = {}
    site_labels: dict[str, str] = {}
    for row in store.query(_PROFILES, prefixes=PREFIXES):
        cancer, site = row["cancer"].value, row["site"].value
        values[cancer][site] = float(row["mean"].value)
        labels[cancer] = row["cancerLabel"].value
        site_labels[site] = row["siteLabel"].value
    return {c: Profile(c, labels[c], dict(v), site_labels) for c, v in values.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two sparse vectors (a site missing from one profile counts as 0 there)."""
    dot = sum(value * b.get(site, 0.0) for site, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def profile_for(store: ox.Store, cancer: str, profiles: dict[str, Profile]) -> Profile | None:
    """The cancer's own profile, else that of its nearest broader type that has one (a subtype inherits)."""
    if cancer in profiles:
        return profiles[cancer]
    rows = store.query(_ANCESTORS, prefixes=PREFIXES, substitutions={ox.Variable("cancer"): ox.NamedNode(cancer)})
    ranked = sorted(((-int(r["depth"].value), r["ancestor"].value) for r in rows))
    return next((profiles[iri] for _, iri in ranked if iri in profiles), None)


def similar_profiles(store: ox.Store, cancer: str, *, limit: int | None = 10, min_sites: int = 2) -> QueryResult:
    """Other cancer types ranked by how alike their metastasis profiles are to ``cancer``'s.

    Only profiles with at least ``min_sites`` sites take part (one site always gives a cosine of 1). Ties are
    broken by more shared sites, then by label, so the order is stable.
    """
    profiles = read_profiles(store)
    target = profile_for(store, cancer, profiles)
    if target is None or len(target.percents) < min_sites:
        return QueryResult(list(COLUMNS), [])
    scored = []
    for other in profiles.values():
        if other.cancer in (target.cancer, cancer) or len(other.percents) < min_sites:
            continue
        shared = sorted(set(other.percents) & set(target.percents), key=lambda s: target.site_labels[s])
        scored.append((-round(cosine(target.percents, other.percents), 3), -len(shared), other.label, other, shared))
    scored.sort(key=lambda item: item[:3])
    rows = []
    for negative_similarity, _, _, other, shared in scored[:limit] if limit else scored:
        rows.append({
            "cancer": ox.NamedNode(other.cancer),
            "cancerLabel": ox.Literal(other.label, language="en"),
            "similarity": ox.Literal(f"{-negative_similarity:.3f}", datatype=ox.NamedNode(PREFIXES["xsd"] + "decimal")),
            "sharedSites": ox.Literal(str(len(shared)), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer")),
            "sites": ox.Literal("; ".join(target.site_labels[s] for s in shared)),
            "profileOf": ox.NamedNode(target.cancer),
            "profileOfLabel": ox.Literal(target.label, language="en"),
        })
    return QueryResult(list(COLUMNS), rows)


__all__ = ["Profile", "cosine", "profile_for", "read_profiles", "similar_profiles"]
