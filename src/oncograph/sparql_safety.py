"""Refusing SPARQL that would reach outside the graph or change it.

``SERVICE`` would make the engine fetch remote endpoints, ``LOAD`` reads URLs
or local files, and updates change data. Keywords are looked for only in query
code: comments, strings and IRIs are blanked out first, so a label such as
"load" or an IRI ending in /service is not mistaken for one.
"""

from __future__ import annotations

import re

from .errors import OncographError

_LEXICAL_NOISE = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*''',
)
_FORBIDDEN = re.compile(
    r"(?<![\w:?$])(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:])",
    re.IGNORECASE,
)
_REASONS = {
    "SERVICE": "SERVICE would query a remote endpoint over the network",
    "LOAD": "LOAD would read a URL or a local file",
}


class UnsafeQueryError(OncographError):
    """The query asks for something oncograph does not allow (network, files, updates)."""


def check_read_only(query: str) -> None:
    """Raise :class:`UnsafeQueryError` if the query uses SERVICE, LOAD or any update operation."""
    code = _LEXICAL_NOISE.sub(lambda m: " " * len(m.group(0)), query)
    match = _FORBIDDEN.search(code)
    if match:
        keyword = match.group(1).upper()
        reason = _REASONS.get(keyword, f"{keyword} is a SPARQL update; only read-only queries are run")
        line = query.count("\n", 0, match.start()) + 1
        column = match.start() - (query.rfind("\n", 0, match.start()) + 1) + 1
        raise UnsafeQueryError(f"refused at line {line}, column {column}: {reason}")


__all__ = ["UnsafeQueryError", "check_read_only"]
