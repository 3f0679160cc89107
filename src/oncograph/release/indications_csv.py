"""``dist/indications.csv``: one row per approved indication, for spreadsheets and programs.

The columns are fixed by issue 10 so that downstream tools can rely on them; the rows come from one
whole-graph SPARQL query on the store and are sorted by indication IRI, so the same graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

HEADER = ("indication", "drug", "drug_iri", "regimen", "cancer", "cancer_iri", "biomarkers", "setting", "line",
          "regulator", "date", "status", "source")

_ROWS = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?indication ?regimenLabel ?cancer ?cancerLabel ?regulatorLabel ?date ?status ?line ?settingAsPublished ?source ?url
WHERE {
  ?indication a og:Indication ; og:regimen ?regimen ; og:forCancer ?cancer ; og:regulator/rdfs:label ?regulatorLabel ;
              og:approvalDate ?date ; og:approvalStatus ?status ; dcterms:source ?source .
  ?regimen rdfs:label ?regimenLabel .
  ?cancer rdfs:label ?cancerLabel .
  OPTIONAL { ?indication og:lineOfTherapy ?line }
  OPTIONAL { ?indication og:settingAsPublished ?settingAsPublished }
  OPTIONAL { ?source dcterms:identifier ?url }
}
ORDER BY ?indication
"""
_DRUGS = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?indication ?drug ?label WHERE {
  ?indication a og:Indication ; og:regimen/og:hasComponent ?component .
  ?component og:componentPosition ?position ; og:componentTherapy ?drug .
  ?drug a og:Drug ; rdfs:label ?label .
} ORDER BY ?indication ?position
"""
_BIOMARKERS = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?indication ?role ?label WHERE {
  { ?indication og:biomarkerAllOf ?b . BIND("all of" AS ?role) }
  UNION { ?indication og:biomarkerAnyOf ?b . BIND("any of" AS ?role) }
  UNION { ?indication og:biomarkerNoneOf ?b . BIND("none of" AS ?role) }
  ?indication a og:Indication . ?b rdfs:label ?label .
} ORDER BY ?indication ?role ?label
"""
_SETTINGS = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?indication ?label WHERE { ?indication a og:Indication ; og:setting/rdfs:label ?label } ORDER BY ?indication ?label
"""


def _grouped(store: ox.Store, query: str, *columns: str) -> dict[str, list[tuple[str, ...]]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for row in store.query(query):
        grouped.setdefault(row["indication"].value, []).append(tuple(row[c].value for c in columns))
    return grouped


def indications_csv(store: ox.Store) -> str:
    """The CSV text: biomarkers as 'all of: A; B | any of: C | none of: D', several drugs joined by ' + '."""
    drugs = _grouped(store, _DRUGS, "drug", "label")
    biomarkers = _grouped(store, _BIOMARKERS, "role", "label")
    settings = _grouped(store, _SETTINGS, "label")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in store.query(_ROWS):
        iri = row["indication"].value
        roles: dict[str, list[str]] = {}
        for role, label in biomarkers.get(iri, []):
            roles.setdefault(role, []).append(label)
        logic = " | ".join(f"{role}: {'; '.join(labels)}" for role, labels in roles.items())
        setting = row["settingAsPublished"].value if row["settingAsPublished"] else "; ".join(s for (s,) in settings.get(iri, []))
        writer.writerow((
            iri,
            " + ".join(label for _, label in drugs.get(iri, [])),
            " ".join(drug for drug, _ in drugs.get(iri, [])),
            row["regimenLabel"].value,
            row["cancerLabel"].value,
            row["cancer"].value,
            logic,
            setting,
            row["line"].value if row["line"] else "",
            row["regulatorLabel"].value,
            row["date"].value,
            row["status"].value,
            row["url"].value if row["url"] else row["source"].value,
        ))
    return out.getvalue()


__all__ = ["HEADER", "indications_csv"]
