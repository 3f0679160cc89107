"""Where an ad-hoc query comes from: the argument itself, a file, or standard input.

Every SELECT query has a ``{`` and file paths almost never do, so an argument with
a brace is query text and is never tried as a file name (a long one-line query
used to fail with "file name too long"). Without a brace it is a file if one
exists there, or if it has no whitespace (then a missing file is "no such file");
otherwise it is query text and the parser explains what is wrong with it. Files
and standard input must be UTF-8 text: binary input gets a message naming where
it came from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from .errors import OncographError, clip

_WHITESPACE = re.compile(r"\s")


class QueryInputError(OncographError):
    """The query file or standard input cannot be read as UTF-8 SPARQL text."""


def looks_like_path(argument: str) -> bool:
    """True when ``argument`` names a query file rather than being a query.

    >>> looks_like_path("queries/my.rq"), looks_like_path("SELECT * { ?s ?p ?o }"), looks_like_path("SELECT ?x")
    (True, False, False)
    """
    if not argument or "{" in argument:
        return False
    if not _WHITESPACE.search(argument):
        return True
    try:
        return Path(argument).is_file()
    except OSError:  # a name too long for the file system is no file
        return False


def decode_query(data: bytes, where: str) -> str:
    """``data`` as text; binary or non-UTF-8 input is an error naming ``where`` (a leading BOM is dropped)."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise QueryInputError(f"{where}: binary data (a NUL byte at offset {nul}), not a SPARQL query")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise QueryInputError(f"{where}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
                              "a SPARQL query must be UTF-8") from None
    if not text.strip():
        raise QueryInputError(f"{where}: empty; expected a SPARQL query")
    return text


def read_query_argument(argument: str, stdin: BinaryIO) -> str:
    """The query text that ``argument`` stands for: ``-`` reads ``stdin``, a path reads the file."""
    if argument == "-":
        return decode_query(stdin.read(), "standard input")
    if not looks_like_path(argument):
        return argument
    path = Path(argument)
    try:
        return decode_query(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise QueryInputError(f"{clip(argument, 300)}: no such file (give a query text, a file path, or - for "
                              "standard input)") from None
    except IsADirectoryError:
        raise QueryInputError(f"{clip(argument, 300)}: is a folder, not a query file") from None
    except OSError as error:
        raise QueryInputError(f"{clip(argument, 300)}: cannot be read ({error.strerror or error})") from None


__all__ = ["QueryInputError", "decode_query", "looks_like_path", "read_query_argument"]
