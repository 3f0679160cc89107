"""Results are written by pyoxigraph's SPARQL results serialisers and read back by independent parsers (issue 12)."""

from __future__ import annotations

import decimal
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql.results.csvresults import CSVResultParser
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from oncograph.cli import cli
from oncograph.results import QueryResult
from oncograph.sparql_safety import SparqlSyntaxError

TYPED = "SELECT (AVG(?n) AS ?avg) (true AS ?flag) (2.5e0 AS ?dbl) (SAMPLE(?none) AS ?unbound) WHERE { VALUES ?n { 1 2 } }"
LABELS = "SELECT ?c ?l WHERE { ?c a/rdfs:subClassOf* og:CancerType ; rdfs:label ?l } ORDER BY ?c"


def test_decimal_boolean_and_double_in_records_table_and_csv(kg) -> None:
    result = kg.sparql(TYPED)
    assert result.records() == [{"avg": decimal.Decimal("1.5"), "flag": True, "dbl": 2.5}]
    table = result.to_table().splitlines()
    assert table[0].split() == ["avg", "flag", "dbl", "unbound"]
    assert table[2].split() == ["1.5", "true", "2.5"]
    assert result.to_csv() == "avg,flag,dbl,unbound\r\n1.5,true,2.5,\r\n"


def test_cli_output_parses_with_pyoxigraph_and_rdflib() -> None:
    runner = CliRunner()
    outputs = {fmt: runner.invoke(cli, ["sparql", LABELS, "--format", fmt]) for fmt in ("json", "xml", "csv", "tsv")}
    for fmt, run in outputs.items():
        assert run.exit_code == 0, (fmt, run.stderr)
    expected = len(json.loads(outputs["json"].stdout)["results"]["bindings"])
    assert expected > 10
    csv_bytes, tsv_bytes = outputs["csv"].stdout_bytes, outputs["tsv"].stdout_bytes
    assert csv_bytes.endswith(b"cancer\r\n") and tsv_bytes.endswith(b'"@en\n')  # no blank line after the last row
    for fmt, oxformat in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                          ("tsv", ox.QueryResultsFormat.TSV)):
        assert len(list(ox.parse_query_results(outputs[fmt].stdout_bytes, oxformat))) == expected, fmt
    parsers = {"json": JSONResultParser, "xml": XMLResultParser, "csv": CSVResultParser, "tsv": TSVResultParser}
    for fmt, parser in parsers.items():
        data = outputs[fmt].stdout_bytes
        source = io.StringIO(data.decode("utf-8"), newline="") if fmt in ("csv", "tsv") else io.BytesIO(data)
        assert len(parser().parse(source)) == expected, fmt  # no phantom row from a trailing blank line


def test_engine_errors_are_short_and_placed(kg) -> None:
    with pytest.raises(SparqlSyntaxError, match=r"^SPARQL syntax error at 1:\d+: the SELECT contains a variable that is unbound$"):
        kg.sparql("SELECT (AVG(?n) AS ?avg) ?other WHERE { VALUES ?n { 1 2 } }")


def test_typed_values_survive_the_json_writer(kg) -> None:
    binding = json.loads(kg.sparql(TYPED).to_json())["results"]["bindings"][0]
    assert binding["avg"] == {"type": "literal", "value": "1.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert binding["flag"]["value"] == "true" and "unbound" not in binding


@pytest.mark.parametrize("label", ["evil\x1b[2J\x1b[31mred", "a\u202eb", "tab\there", "c1\x9b2J"])
def test_table_neutralises_terminal_control_characters(label: str) -> None:
    result = QueryResult(["l"], [{"l": ox.Literal(label)}])
    table = result.to_table()
    assert not any(ch in table for ch in "\x1b\u202e\t\x9b")
    assert "\\x1b[2J" in table or "\\u202e" in table or "\\x09" in table or "\\x9b" in table
