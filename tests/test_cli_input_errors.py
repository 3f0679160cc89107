"""Careless or hostile CLI and API input gets one clear error, never a traceback (issues 11 item 12, 12 items 3, 9)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from oncograph.cli import cli
from oncograph.errors import ArgumentError, OncographError


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_long_one_line_query_is_not_tried_as_a_path() -> None:
    query = "SELECT ?l WHERE { ogr:breast-cancer rdfs:label ?l " + "FILTER(?l != 'x') " * 20 + "}"
    assert len(query) > 255
    result = run("sparql", query, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b"l\r\nbreast cancer\r\n"


def test_query_file_with_a_space_in_its_path(tmp_path) -> None:
    path = tmp_path / "my queries" / "labels.rq"
    path.parent.mkdir()
    path.write_text("SELECT ?l WHERE { ogr:breast-cancer rdfs:label ?l }", encoding="utf-8")
    result = run("sparql", str(path), "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b'?l\n"breast cancer"@en\n'


def test_missing_query_file_is_no_such_file(tmp_path) -> None:
    result = run("sparql", str(tmp_path / "missing.rq"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "missing.rq: no such file" in result.stderr


@pytest.mark.parametrize("data", [b"\xff\xfeS\x00E\x00", b"SELECT \x00", bytes(range(256))])
def test_binary_query_file_and_stdin_are_clear_errors(tmp_path, data: bytes) -> None:
    path = tmp_path / "q.rq"
    path.write_bytes(data)
    for args, stdin in ((["sparql", str(path)], None), (["sparql", "-"], data)):
        result = run(*args, stdin=stdin)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        assert ("not UTF-8 text" in result.stderr) or ("binary data" in result.stderr)


def test_syntax_error_inside_braces_is_placed_where_it_is() -> None:
    result = run("sparql", "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?q\n}")
    assert result.exit_code == 2
    assert "SPARQL syntax error at 3:3" in result.stderr


def test_unknown_prefix_is_short_and_suggests() -> None:
    result = run("sparql", "SELECT * WHERE {\n  ?s ogx:name ?o\n}")
    assert result.exit_code == 2
    assert "error: SPARQL syntax error at 2:6: unknown prefix 'ogx:'" in result.stderr
    assert "Did you mean: og:" in result.stderr
    assert "\\u{" not in result.stderr and len(result.stderr) < 300


def test_duplicate_param_is_an_error() -> None:
    result = run("query", "cancers-metastasizing-to", "-p", "site=brain", "-p", "site=liver")
    assert result.exit_code == 2
    assert "error: Invalid value for --param: 'site' is given twice" in result.stderr


def test_huge_parameter_value_is_not_echoed_whole() -> None:
    result = run("query", "cancers-metastasizing-to", "-p", "site=" + "x" * 120_000)
    assert result.exit_code == 2
    assert "(120000 characters)" in result.stderr and len(result.stderr) < 500


def test_click_usage_errors_use_the_project_style() -> None:
    for args in (["sparql"], ["sparql", "SELECT * {}", "--format", "yaml"], ["no-such-command"], ["query", "--bogus"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error: "), result.stderr
        assert "Error:" not in result.stderr


def test_help_of_every_command_shows_examples() -> None:
    top = run("--help").stdout
    for needle in ("Examples:", "Exit codes:", "ONCOGRAPH_CACHE_DIR", "ONCOGRAPH_REASONER", "3  sparql"):
        assert needle in top, needle
    for name in cli.commands:
        text = run(name, "--help").stdout
        assert "Examples:" in text and f"oncograph {name}" in text, name


def test_terminal_escapes_in_error_messages_are_neutralised() -> None:
    result = run("show", "evil\x1b[2Jname")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


@pytest.mark.parametrize(
    "call",
    [
        lambda kg: kg.sparql(None),
        lambda kg: kg.query(None),
        lambda kg: kg.resolve(None),
        lambda kg: kg.describe(None),
        lambda kg: kg.cancer(None),
        lambda kg: kg.cancers_metastasizing_to(None),
        lambda kg: kg.treatment_options(None),
    ],
)
def test_api_none_arguments_raise_the_project_error(kg, call) -> None:
    with pytest.raises(ArgumentError, match="must be a string, not NoneType") as caught:
        call(kg)
    assert isinstance(caught.value, OncographError) and isinstance(caught.value, TypeError)
