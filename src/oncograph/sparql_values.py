"""Parameters as a ``VALUES`` block: the standard-SPARQL way to pre-bind variables.

The SPARQL 1.1 Protocol cannot pass pre-bound variables, so the remote client binds a saved query's parameters
this way; a saved query whose header says ``bind: values`` is run this way locally too, because the engine
plans some queries much better from a VALUES block than from substitutions. The terms are written by pyoxigraph
(``str(NamedNode)``), never taken from the user's text.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from .errors import OncographError


class NoWhereGroupError(OncographError):
    """The query text has no ``{`` opening a WHERE group."""


def where_group_start(text: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group (comments, strings and IRIs skipped).

    >>> text = 'PREFIX x: <http://x/#{> SELECT ?a ("{" AS ?b) # {\\nWHERE { ?a ?p ?o }'
    >>> text[where_group_start(text):]
    ' ?a ?p ?o }'
    """
    i, quote = 0, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif text.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif ch == "#":
            while i < len(text) and text[i] not in "\r\n":
                i += 1
        elif ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote) - 1
        elif ch == "<" and (end := text.find(">", i)) > i and not any(c.isspace() for c in text[i:end]):
            i = end
        elif ch == "{":
            return i + 1
        i += 1
    raise NoWhereGroupError("the query has no WHERE group to bind its parameters in")


def with_values(text: str, substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with the substitutions as a ``VALUES`` block at the start of its WHERE group."""
    if not substitutions:
        return text
    variables = " ".join(str(variable) for variable in substitutions)
    values = " ".join(str(term) for term in substitutions.values())
    at = where_group_start(text)
    return f"{text[:at]} VALUES ({variables}) {{ ({values}) }}{text[at:]}"


__all__ = ["NoWhereGroupError", "where_group_start", "with_values"]
