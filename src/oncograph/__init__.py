"""oncograph: an open, sourced knowledge graph of metastatic (stage 4) cancer.

Not medical advice. Start with :func:`load`, which returns the
:class:`KnowledgeGraph` hub every feature hangs off.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import OncographError, SourceFileError
from .graph import KnowledgeGraph, load
from .namespaces import OG, OGR

try:
    __version__ = version("oncograph")
except PackageNotFoundError:  # running from a checkout without installation
    __version__ = "0.0.0"

__all__ = ["OG", "OGR", "KnowledgeGraph", "OncographError", "SourceFileError", "__version__", "load"]
