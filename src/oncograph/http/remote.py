"""Asking a remote SPARQL endpoint (Oxigraph, Fuseki, GraphDB, ...) the way the local graph is asked.

``oncograph.connect(URL)`` gives a :class:`RemoteGraph` with the hub's query methods: the same saved queries,
names resolved through an index built from the remote graph, the same :class:`QueryResult` and formats.
The SPARQL 1.1 Protocol has no way to pass pre-bound variables, so a saved query's parameters, already
resolved to IRIs of the remote graph, are sent as a ``VALUES`` block opening its WHERE group: the IRIs are
written by pyoxigraph (``str(NamedNode)``), never taken from the user's text. A test checks that every saved
query gives the same rows that way as with substitutions.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

import pyoxigraph as ox

from ..errors import OncographError, clip
from ..namespaces import PREFIXES
from ..queries import SavedQuery, bind_parameters, load_catalogue, prepare_sparql
from ..sparql_values import with_values
from ..query_limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryLimitError, QueryLimits
from ..resolve import ANY_KIND, EntityIndex
from ..resources import queries_dir
from ..results import QueryResult

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class RemoteError(OncographError):
    """The remote endpoint could not be reached or refused the request."""


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint seen through the part of :class:`pyoxigraph.Store` oncograph reads:
    ``query(text, prefixes=, substitutions=)`` returning solutions. ``graph`` is sent as ``default-graph-uri``."""

    def __init__(self, endpoint: str, graph: str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        import httpx

        self.endpoint = endpoint
        self.graph = graph
        self.timeout = timeout
        self._client = httpx.Client(timeout=timeout, headers={"User-Agent": "oncograph"})

    def query(self, text: str, *, prefixes: Mapping[str, str] | None = None,
              substitutions: Mapping[ox.Variable, ox.NamedNode] | None = None,
              timeout: float | None | bool = False) -> ox.QuerySolutions:
        """Solutions of the SELECT ``text``; ``timeout`` (seconds, ``None`` for none) overrides the store's."""
        import httpx

        timeout = self.timeout if timeout is False else timeout
        text = with_values(text, substitutions or {})
        if prefixes:
            text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()) + text
        form = {"query": text, **({"default-graph-uri": self.graph} if self.graph else {})}
        try:
            response = self._client.post(self.endpoint, data=form, headers={"Accept": "application/sparql-results+json"},
                                         timeout=timeout)
        except httpx.TimeoutException:
            raise QueryLimitError(f"{self.endpoint} did not answer within {timeout:g} s (the time limit)") from None
        except httpx.HTTPError as error:
            raise RemoteError(f"cannot reach {self.endpoint}: {error}") from None
        if response.status_code != 200:
            raise RemoteError(f"{self.endpoint} answered {response.status_code}: {clip(response.text.strip(), 300)}")
        try:
            answer = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            raise RemoteError(f"{self.endpoint} sent no SPARQL JSON results: {clip(str(error), 200)}") from None
        if not isinstance(answer, ox.QuerySolutions):
            raise RemoteError(f"{self.endpoint} answered a SELECT query with a boolean")
        return answer

    def close(self) -> None:
        self._client.close()


class RemoteGraph:
    """The hub's query interface over a remote endpoint (see :func:`oncograph.connect`)."""

    def __init__(self, endpoint: str, graph: str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self.store = RemoteStore(endpoint, graph, timeout)

    @cached_property
    def index(self) -> EntityIndex:
        """Names of the remote graph's entities (read once, on the first query with a parameter)."""
        return EntityIndex.from_store(self.store)  # type: ignore[arg-type]  # duck-typed: only .query is used

    @cached_property
    def catalogue(self) -> Mapping[str, SavedQuery]:
        return load_catalogue(queries_dir())

    def resolve(self, name: str, kind: str = ANY_KIND) -> str:
        return self.index.resolve(name, kind)

    def label(self, iri: str) -> str | None:
        rows = list(self.store.query(f"SELECT ?l WHERE {{ {ox.NamedNode(iri)} <{_RDFS_LABEL}> ?l }} LIMIT 1"))
        return rows[0]["l"].value if rows else None

    def __len__(self) -> int:
        return int(next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)

    def query(self, name: str, **params: str) -> QueryResult:
        """Run a saved query on the remote graph (parameters resolved by the remote graph's names)."""
        saved, substitutions = bind_parameters(self.catalogue, self.index, name, params)
        return QueryResult.from_solutions(saved.solutions(self.store, substitutions),
                                          hidden=saved.bound_variables)

    def sparql(self, text: str, *, timeout: float | None = DEFAULT_TIMEOUT,
               max_rows: int | None = DEFAULT_MAX_ROWS) -> QueryResult:
        """Ad-hoc read-only SELECT, checked here as locally; the remote endpoint enforces its own limits too."""
        limits = QueryLimits(timeout, max_rows)
        checked = prepare_sparql(text)
        used = {p: PREFIXES[p] for p in sorted(checked.undeclared_prefixes)}
        solutions = self.store.query(checked.text, prefixes=used, timeout=limits.timeout)
        variables = [v.value for v in solutions.variables]
        rows, truncated = [], False
        for solution in solutions:
            if limits.max_rows is not None and len(rows) >= limits.max_rows:
                truncated = True
                break
            rows.append({name: solution[name] for name in variables})
        return QueryResult(variables, rows, truncated=truncated, max_rows=limits.max_rows)


def connect(endpoint: str, *, graph: str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> RemoteGraph:
    """A :class:`RemoteGraph` over the SPARQL endpoint ``endpoint`` (its ``graph``, if given, as default graph)."""
    if not endpoint.startswith(("http://", "https://")):
        raise RemoteError(f"{clip(endpoint, 120)!r} is not an http(s) URL of a SPARQL endpoint")
    return RemoteGraph(endpoint, graph, timeout)


__all__ = ["RemoteError", "RemoteGraph", "RemoteStore", "connect"]
