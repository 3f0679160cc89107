"""Which reasoner a build or load will use.

Kept apart from ``reasoning.py`` because the cache key needs the answer on every
start-up, and that module pulls in rdflib, which the query path avoids.
"""

from __future__ import annotations

import os
import shutil

REASONER_ENV = "ONCOGRAPH_REASONER"
HERMIT = "HermiT (owlready2)"
OWL_RL = "OWL RL (owlrl, pure Python)"


def choose_reasoner() -> tuple[str, str | None]:
    """HermiT when Java is on PATH (and not overridden by $ONCOGRAPH_REASONER=owlrl), else OWL RL with a notice."""
    wanted = os.environ.get(REASONER_ENV, "").lower()
    if wanted == "owlrl":
        return OWL_RL, None
    if shutil.which("java") is None:
        return OWL_RL, "Java was not found, so HermiT cannot run: falling back to the pure-Python OWL RL reasoner (owlrl)"
    return HERMIT, None


__all__ = ["HERMIT", "OWL_RL", "REASONER_ENV", "choose_reasoner"]
