"""Which reasoner a build or load will use.

Kept apart from ``reasoning.py`` because the cache key needs the answer on every
start-up, and that module pulls in rdflib, which the query path avoids.
"""

from __future__ import annotations

import os
import shutil

REASONER_ENV = "ONCOGRAPH_REASONER"
HERMIT = "HermiT (owlready2's jar)"
OWL_RL = "OWL RL (owlrl, pure Python)"
RULES = "SPARQL rules (OWL 2 RL subset, pyoxigraph)"
#: Above this many triples to reason over (the curated part, without the imported tree), HermiT is not run:
#: it does not finish on a million triples. $ONCOGRAPH_HERMIT_MAX_TRIPLES changes the limit.
HERMIT_MAX_ENV = "ONCOGRAPH_HERMIT_MAX_TRIPLES"
HERMIT_MAX_TRIPLES = 100_000


def choose_reasoner() -> tuple[str, str | None]:
    """HermiT when Java is on PATH (and not overridden by $ONCOGRAPH_REASONER=owlrl or =rules), else OWL RL with a notice."""
    wanted = os.environ.get(REASONER_ENV, "").lower()
    if wanted == "owlrl":
        return OWL_RL, None
    if wanted == "rules":
        return RULES, None
    if shutil.which("java") is None:
        return OWL_RL, "Java was not found, so HermiT cannot run: falling back to the pure-Python OWL RL reasoner (owlrl)"
    return HERMIT, None


def hermit_limit() -> int:
    """The most triples HermiT is given (see ``HERMIT_MAX_TRIPLES``)."""
    try:
        return int(os.environ.get(HERMIT_MAX_ENV, HERMIT_MAX_TRIPLES))
    except ValueError:
        return HERMIT_MAX_TRIPLES


__all__ = ["HERMIT", "HERMIT_MAX_TRIPLES", "OWL_RL", "REASONER_ENV", "RULES", "choose_reasoner", "hermit_limit"]
