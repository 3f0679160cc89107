"""SERVICE, LOAD and updates are refused on the parsed query, whatever the text looks like (issue 11, item 1)."""

from __future__ import annotations

import http.server
import threading

import pytest

from oncograph.errors import ArgumentError
from oncograph.sparql_safety import SparqlSyntaxError, UnsafeQueryError, check_read_only

SERVICE = "SELECT ?s WHERE {{ {before}SERVICE <http://127.0.0.1:9/sparql> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize(
    "query",
    [
        SERVICE.format(before="#c\r"),  # a comment ends at a bare CR too
        SERVICE.format(before="#c\r\n"),
        SERVICE.format(before="#c\n"),
        SERVICE.format(before="").replace("SERVICE", r"\u0053ERVICE"),
        SERVICE.format(before="").replace("SERVICE", r"\U00000053ERVICE"),
        SERVICE.format(before="").replace("SERVICE", r"serv\u0069ce"),
        SERVICE.format(before="").replace("SERVICE", "service silent"),
        SERVICE.format(before='?s ?p "a # string, not a comment" . '),
        SERVICE.format(before="?s ?p <http://example.org/x#not-a-comment> . "),
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
        "SELECT * WHERE {\r\n  ?s ?p ?o .\r  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\r\n}",
    ],
)
def test_every_spelling_of_service_is_refused(query: str) -> None:
    with pytest.raises(UnsafeQueryError, match="SERVICE would query a remote endpoint"):
        check_read_only(query)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("LOAD <file:///etc/passwd>", "LOAD would read"),
        (r"\u004cOAD <http://127.0.0.1:9/data.ttl>", "LOAD would read"),
        ("#c\rLOAD <http://127.0.0.1:9/data.ttl>", "LOAD would read"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "update"),
        ("DELETE WHERE { ?s ?p ?o }", "update"),
        ("DROP ALL", "update"),
        ("CLEAR DEFAULT", "update"),
        ("PREFIX ex: <http://e/> WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
    ],
)
def test_load_and_updates_are_refused(query: str, reason: str) -> None:
    with pytest.raises(UnsafeQueryError, match=reason):
        check_read_only(query)


def test_keywords_in_strings_iris_and_comments_are_not_code() -> None:
    query = (
        "# we never LOAD or use SERVICE here\r"
        'SELECT ?s WHERE { ?s ?p ?l . FILTER(?l != "SERVICE <http://x/> { }" && ?s != <http://example.org/service>) }'
    )
    assert check_read_only(query).form == "SELECT"


def test_checker_and_engine_agree_on_what_a_comment_is(kg) -> None:
    """U+2028 does not end a SPARQL comment: both parsers see the SERVICE as commented out, so nothing is called."""
    result = kg.sparql("SELECT ?s WHERE { #c\u2028SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\n}")
    assert len(result) == 1 and result.rows[0]["s"] is None


def test_checked_text_is_the_text_that_runs() -> None:
    checked = check_read_only(r"SELECT ?s WHERE { ?s ?p '\u0041' }")
    assert checked.text == "SELECT ?s WHERE { ?s ?p 'A' }"


def test_not_a_string_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError, match="must be a string, not NoneType"):
        check_read_only(None)  # type: ignore[arg-type]


def test_unreadable_text_is_a_syntax_error_not_a_pass() -> None:
    with pytest.raises(SparqlSyntaxError, match=r"at 3:3"):
        check_read_only("SELECT *\nWHERE {\n  ?s ?p\n}")


class _Endpoint(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        type(self).hits += 1
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://remote/row"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_no_request_reaches_a_loopback_endpoint(kg) -> None:
    """The bypass of issue 11 (a comment ended by CR) against a real endpoint: refused, and no request made."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        for query in (f"SELECT ?s WHERE {{ #c\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
                      f"SELECT ?s WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}"):
            with pytest.raises(UnsafeQueryError):
                kg.sparql(query)
    finally:
        server.shutdown()
        server.server_close()
    assert _Endpoint.hits == 0
