"""Refusing SPARQL that would reach outside the graph or change it, decided on the parsed query.

``SERVICE`` would make the engine call remote endpoints (pyoxigraph has no switch
to turn that off), ``LOAD`` reads URLs or local files, and updates change data.
A keyword search over the text cannot tell code from comments, strings and IRIs
as the engine does (a comment also ends at a bare CR, ``\\u0053ERVICE`` is
``SERVICE``), so the decision is taken on a parse tree instead: the query is
parsed with rdflib's SPARQL 1.1 grammar, the tree is walked for SERVICE
patterns, and only queries (never updates) are accepted.

The text that is checked is the text that runs: codepoint escapes are expanded
once here (SPARQL 1.1 section 19.2), and that expanded text is what rdflib parses
and what pyoxigraph runs. Anything rdflib's grammar cannot read is refused, so a
query the checker does not understand never reaches the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Any

from .errors import OncographError, clip, require_text

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_REFUSED = "refused: SERVICE would query a remote endpoint over the network"
_QUERY_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}


class UnsafeQueryError(OncographError):
    """The query asks for something oncograph does not allow (network, files, updates)."""


class SparqlSyntaxError(OncographError):
    """The SPARQL text does not parse; the message gives the line and column."""


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the check: the text to run (escapes expanded), its form (SELECT, ASK ...) and
    the prefixes it uses without declaring them (the caller may predeclare some)."""

    text: str
    form: str
    undeclared_prefixes: frozenset[str] = frozenset()
    #: IRIs of its FROM and FROM NAMED clauses (prefixed names expanded with the query's own PREFIX declarations)
    from_graphs: frozenset[str] = frozenset()
    from_named_graphs: frozenset[str] = frozenset()

    def refuse_graphs_outside(self, allowed: frozenset[str] | set[str] = frozenset()) -> None:
        """Raise :class:`UnsafeQueryError` if a FROM or FROM NAMED names a graph not in ``allowed``.

        A server answers over its own dataset; a dataset clause naming anything else would either be empty or,
        in engines that fetch it, a request to another host.
        """
        for clause, graphs in (("FROM", self.from_graphs), ("FROM NAMED", self.from_named_graphs)):
            outside = sorted(graphs - set(allowed))
            if outside:
                inside = ", ".join(f"<{g}>" for g in sorted(allowed)) or "none: the data is in the default graph"
                raise UnsafeQueryError(f"refused: {clause} <{clip(outside[0], 120)}> names a graph outside this "
                                       f"dataset (its graphs: {inside})")


def expand_codepoint_escapes(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` everywhere, as SPARQL does before parsing.

    >>> expand_codepoint_escapes(r"\u0053ERVICE")
    'SERVICE'
    """

    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise SparqlSyntaxError(f"SPARQL syntax error: {match.group(0)} is not a Unicode code point")
        return chr(code)

    return _CODEPOINT_ESCAPE.sub(expand, text)


def _for_rdflib(text: str) -> str:
    """The text with SPARQL's line ends made LF, keeping offsets: rdflib ends comments at LF only, SPARQL at CR too."""
    return text.replace("\r\n", " \n").replace("\r", "\n")


def _walk(node: Any) -> Iterator[Any]:
    """Every node of a pyparsing/rdflib parse tree (CompValues, ParseResults, lists, dicts)."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):  # CompValue is an OrderedDict
            stack.extend(current.values())
        elif isinstance(current, list | tuple | ParseResults):
            stack.extend(list(current))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counting CRLF, CR and LF as line ends."""
    before = _for_rdflib(text[:offset])
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _keyword_at(text: str, offset: int) -> str:
    """The word the parser stopped at, upper-cased (only to phrase the message of a query already refused)."""
    found = text[offset:].split(maxsplit=1)
    return found[0].upper() if found else ""


def _near(text: str, offset: int) -> str:
    """What follows the point where the grammar stopped matching (rdflib reports where the bad part starts)."""
    found = " ".join(text[offset:].split())
    if not found:
        return "the query ends too early"
    return f"the query cannot be read from here: {found[:30] + ('...' if len(found) > 30 else '')!r}"


def check_read_only(query: str) -> CheckedQuery:
    """Parse ``query`` and raise :class:`UnsafeQueryError` if it uses SERVICE, LOAD or any update.

    Raises :class:`SparqlSyntaxError` (with line:column) if it is not a SPARQL 1.1 query.
    """
    require_text(query, "a SPARQL query")
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    text = expand_codepoint_escapes(query)
    parsable = _for_rdflib(text)
    try:
        tree = Query.parse_string(parsable, parse_all=True)
    except ParseBaseException as query_error:
        try:
            update = UpdateUnit.parse_string(parsable, parse_all=True)
        except ParseBaseException:
            if _keyword_at(text, query_error.loc) == "SERVICE":
                # rdflib re-scans SERVICE clauses and trips over a '#' in an earlier string: refused all the same
                raise UnsafeQueryError(_SERVICE_REFUSED) from None
            line, column = line_column(text, query_error.loc)
            raise SparqlSyntaxError(f"SPARQL syntax error at {line}:{column}: {_near(text, query_error.loc)}") from None
        if any(getattr(node, "name", None) == "Load" for node in _walk(update)):
            raise UnsafeQueryError("refused: LOAD would read a URL or a local file") from None
        raise UnsafeQueryError("refused: the text is a SPARQL update; only read-only queries are run") from None
    if any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _walk(tree)):
        raise UnsafeQueryError(_SERVICE_REFUSED)
    form = next((_QUERY_FORMS[n.name] for n in tree if getattr(n, "name", None) in _QUERY_FORMS), "SELECT")
    nodes = [node for node in _walk(tree) if isinstance(node, dict)]
    declarations = {_prefix_of(node): str(node["iri"]) for node in nodes if node.name == "PrefixDecl"}
    used = {_prefix_of(node) for node in nodes if node.name == "pname"}
    graphs: dict[str, set[str]] = {"default": set(), "named": set()}
    for node in nodes:
        if node.name == "DatasetClause":
            for key in graphs:
                if key in node:  # CompValue.get falls back to the key's name, so test membership
                    graphs[key].add(_iri_of(node[key], declarations))
    return CheckedQuery(text, form, frozenset(used - set(declarations)), frozenset(graphs["default"]),
                        frozenset(graphs["named"]))


def _prefix_of(node: Any) -> str:
    """The prefix of a PrefixDecl or pname node, "" for the empty prefix (CompValue.get would give the key's name)."""
    return str(node["prefix"]) if "prefix" in node and node["prefix"] is not None else ""


def _iri_of(term: Any, declarations: dict[str, str]) -> str:
    """The IRI of an IRI or prefixed-name node of the parse tree (an undeclared prefix stays as written)."""
    if isinstance(term, dict) and getattr(term, "name", None) == "pname":
        prefix = _prefix_of(term)
        local = str(term["localname"]) if "localname" in term else ""
        return declarations[prefix] + local if prefix in declarations else f"{prefix}:{local}"
    return str(term)


__all__ = ["CheckedQuery", "SparqlSyntaxError", "UnsafeQueryError", "check_read_only", "expand_codepoint_escapes", "line_column"]
