"""Ad-hoc SPARQL: runs read-only queries, refuses SERVICE, LOAD and updates, reports syntax errors."""

from __future__ import annotations

import json

import pytest

from oncograph.queries import SparqlSyntaxError
from oncograph.sparql_safety import UnsafeQueryError


def test_adhoc_select_with_predeclared_prefixes(kg) -> None:
    rows = kg.sparql("SELECT ?l WHERE { ogr:breast-cancer rdfs:label ?l }").records()
    assert rows == [{"l": "breast cancer"}]


@pytest.mark.parametrize(
    ("query", "keyword"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent <http://example.org/> { ?s ?p ?o } }", "SERVICE"),
        ("LOAD <file:///etc/passwd>", "LOAD"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("DROP ALL", "DROP"),
        ("CLEAR DEFAULT", "CLEAR"),
    ],
)
def test_refused(kg, query: str, keyword: str) -> None:
    with pytest.raises(UnsafeQueryError, match=keyword if keyword in ("SERVICE", "LOAD") else "update"):
        kg.sparql(query)


def test_keywords_inside_strings_iris_and_comments_are_fine(kg) -> None:
    query = '''# we never LOAD or use SERVICE here
    SELECT ?s WHERE { ?s rdfs:label ?l . FILTER(?l != "load the service" && ?s != <http://example.org/service>) } LIMIT 1'''
    assert len(kg.sparql(query)) == 1


def test_syntax_error_has_position(kg) -> None:
    with pytest.raises(SparqlSyntaxError, match=r"error at 1:18: the query cannot be read from here: .\?s \?p }"):
        kg.sparql("SELECT * WHERE { ?s ?p }")


def test_json_csv_tsv_formats(kg) -> None:
    result = kg.query("cancers-metastasizing-to", site="adrenal gland")
    data = json.loads(result.to_json())
    assert "cancer" in data["head"]["vars"]
    seed = next(b for b in data["results"]["bindings"] if "percent" not in b)  # the seed's rows follow the numbers
    assert seed["cancer"] == {"type": "uri", "value": "https://w3id.org/oncograph/resource/lung-cancer"}
    assert seed["cancerLabel"] == {"type": "literal", "value": "lung cancer", "xml:lang": "en"}
    csv_lines = result.to_csv().splitlines()
    assert csv_lines[0].startswith("askedSite,cancer,cancerLabel,site,siteLabel,percent")
    assert any(line.endswith("CTCA: Stage 4 cancer") and "lung cancer" in line for line in csv_lines)
    tsv_lines = result.to_tsv().splitlines()
    assert tsv_lines[0].startswith("?askedSite\t?cancer")
    assert any('"lung cancer"@en' in line for line in tsv_lines)
    table = result.to_table()
    assert "lung cancer" in table and f"({len(result)} rows)" in table and "https://" not in table
