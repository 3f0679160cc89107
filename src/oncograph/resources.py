"""Where the shipped ontology, data and saved queries live.

In a wheel they are copied into ``oncograph/_resources``; in a source checkout
(editable install, tests) they are read from the repository's top-level
``ontology/`` and ``queries/`` folders, so curators never edit two copies.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _resource_root() -> Path:
    packaged = _PACKAGE_DIR / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "oncograph's ontology folder was found neither in the installed package "
        f"({packaged}) nor in a source checkout ({checkout})"
    )


def ontology_dir() -> Path:
    """The folder holding ``oncograph.ttl`` (TBox), ``data/`` and the mappings table."""
    return _resource_root() / "ontology"


def queries_dir() -> Path:
    """The folder of saved SPARQL queries (``*.rq``)."""
    return _resource_root() / "queries"


__all__ = ["ontology_dir", "queries_dir"]
