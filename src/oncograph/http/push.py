"""Uploading the reasoned graph into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

The graph goes into one named graph per release version (the full release's version IRI), in N-Triples
chunks: the first chunk is a PUT (it creates or replaces the graph), the others POSTs (they add to it).
Blank nodes are local to one request, so every triple that shares a blank node (an OWL restriction and its
parts) travels in the same chunk. Afterwards the graph is read back and its triples counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import OncographError, clip
from ..namespaces import ONTOLOGY_IRI

DEFAULT_CHUNK = 5_000


class PushError(OncographError):
    """The store refused the upload, could not be reached, or holds a different number of triples afterwards."""


@dataclass(frozen=True)
class PushReport:
    store: str
    graph: str
    triples: int
    chunks: int
    remote_triples: int


def release_graph_iri(store: ox.Store) -> str:
    """The named graph of this release: the full release's version IRI, from the ontology's owl:versionInfo."""
    from ..release.variants import MissingReleaseDateError, release_date, version_iri

    try:
        return version_iri("full", release_date(store))
    except MissingReleaseDateError:
        raise PushError(f"the ontology <{ONTOLOGY_IRI}> has no owl:versionInfo date to name the release graph; give --graph") from None


def chunks(triples: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """``triples`` in groups of about ``size``; the triples of one blank-node component stay in one group."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def blanks(triple: ox.Triple) -> list[str]:
        return [term.value for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)]

    for triple in triples:
        nodes = blanks(triple)
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    components: dict[str, list[ox.Triple]] = {}
    plain: list[ox.Triple] = []
    for triple in triples:
        nodes = blanks(triple)
        (components.setdefault(find(nodes[0]), []) if nodes else plain).append(triple)
    current: list[ox.Triple] = []
    for group in [[t] for t in plain] + list(components.values()):
        if current and len(current) + len(group) > size:
            yield current
            current = []
        current.extend(group)
    if current:
        yield current


def count_remote(client, store_url: str, graph: str) -> int:  # noqa: ANN001 - an httpx.Client
    """Triples of ``graph`` in the store (0 if it does not exist), read back as N-Triples line by line."""
    with client.stream("GET", store_url, params={"graph": graph}, headers={"Accept": "application/n-triples"}) as response:
        if response.status_code == 404:
            return 0
        if response.status_code != 200:
            raise PushError(f"{store_url} answered {response.status_code} when reading graph <{graph}>")
        return sum(1 for line in response.iter_lines() if line.strip() and not line.lstrip().startswith("#"))


def push(store: ox.Store, store_url: str, graph: str | None = None, *, replace: bool = False,
         chunk_size: int = DEFAULT_CHUNK, timeout: float = 60.0,
         on_progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Upload every triple of ``store`` into ``graph`` (default: :func:`release_graph_iri`) at ``store_url``.

    Refuses to add to a graph that already holds triples unless ``replace``. ``on_progress(sent, total)`` is called
    after each chunk. Raises :class:`PushError` if the count read back differs from what was sent.
    """
    import httpx

    graph = graph or release_graph_iri(store)
    triples = sorted((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), key=str)
    try:
        with httpx.Client(timeout=timeout, headers={"User-Agent": "oncograph"}) as client:
            existing = count_remote(client, store_url, graph)
            if existing and not replace:
                raise PushError(f"graph <{graph}> at {store_url} already holds {existing} triples; "
                                "give --replace to overwrite it, or --graph for another graph")
            sent = parts = 0
            for part in chunks(triples, chunk_size):
                method = "PUT" if parts == 0 else "POST"
                response = client.request(method, store_url, params={"graph": graph},
                                          content=ox.serialize(part, format=ox.RdfFormat.N_TRIPLES),
                                          headers={"Content-Type": "application/n-triples"})
                if response.status_code not in (200, 201, 204):
                    raise PushError(f"{store_url} refused chunk {parts + 1} ({method}): {response.status_code} "
                                    f"{clip(response.text.strip(), 200)}")
                sent += len(part)
                parts += 1
                if on_progress:
                    on_progress(sent, len(triples))
            remote = count_remote(client, store_url, graph)
    except httpx.HTTPError as error:
        raise PushError(f"cannot reach {store_url}: {error}") from None
    if remote != len(triples):
        raise PushError(f"graph <{graph}> holds {remote} triples after the upload; {len(triples)} were sent")
    return PushReport(store_url, graph, len(triples), parts, remote)


__all__ = ["DEFAULT_CHUNK", "PushError", "PushReport", "chunks", "count_remote", "push", "release_graph_iri"]
