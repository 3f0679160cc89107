"""oncograph: an open, sourced knowledge graph of metastatic (stage 4) cancer.

Not medical advice. Start with :func:`load`, which returns the
:class:`KnowledgeGraph` hub every feature hangs off.
"""

from __future__ import annotations

from .cache import library_versions
from .errors import OncographError, SourceFileError
from .graph import KnowledgeGraph, load
from .namespaces import OG, OGR

# From the dist-info folder name (0.5 ms); importlib.metadata cost 20-30 ms of every cold `oncograph query`.
__version__ = library_versions(("oncograph",))["oncograph"]
if __version__ == "absent":  # running from a checkout without installation
    __version__ = "0.0.0"



def connect(endpoint: str, *, graph: str | None = None, timeout: float | None = 30.0):  # noqa: ANN201
    """The saved queries and ad-hoc SPARQL of :func:`load`'s graph, asked of a remote SPARQL endpoint.

    ``graph`` names the graph to query there (the one ``oncograph push`` filled). Returns a
    :class:`oncograph.http.remote.RemoteGraph`: ``.query(name, **params)``, ``.sparql(text)``, ``.resolve(name)``.
    """
    from .http.remote import connect as _connect  # httpx is imported only by remote use

    return _connect(endpoint, graph=graph, timeout=timeout)


__all__ = ["OG", "OGR", "KnowledgeGraph", "OncographError", "SourceFileError", "__version__", "connect", "load"]
