"""Where an ad-hoc query comes from: the argument itself, a file, or standard input.

Every SPARQL query needs a space or a ``{``, and file paths rarely have either, so
an argument with neither is a path (a missing one is "no such file") and anything
else is query text; the text is never tried as a file name, which for a long
one-line query failed with "file name too long". Files and standard input must
be UTF-8 text: binary input gets a message naming where it came from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from .errors import OncographError, clip

_NOT_A_PATH = re.compile(r"[\s{]")


class QueryInputError(OncographError):
    """The query file or standard input cannot be read as UTF-8 SPARQL text."""


def looks_like_path(argument: str) -> bool:
    """True when ``argument`` cannot be a query (no whitespace, no brace) and so names a file.

    >>> looks_like_path("queries/my.rq"), looks_like_path("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    return bool(argument) and not _NOT_A_PATH.search(argument)


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
        raise QueryInputError(f"{clip(argument)}: no such file (give a query text, a file path, or - for "
                              "standard input)") from None
    except IsADirectoryError:
        raise QueryInputError(f"{clip(argument)}: is a folder, not a query file") from None
    except OSError as error:
        raise QueryInputError(f"{clip(argument)}: cannot be read ({error.strerror or error})") from None


__all__ = ["QueryInputError", "decode_query", "looks_like_path", "read_query_argument"]
