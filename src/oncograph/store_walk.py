"""Walking one property through a pyoxigraph store, from a node, in Python.

SPARQL's ``p*`` / ``p+`` paths from an unbound or hash-joined end took seconds at a million triples; the
hierarchies walked here (subclasses, superclasses) are small and a walk from one node takes microseconds.
"""

from __future__ import annotations

import pyoxigraph as ox


def reachable(store: ox.Store, start, predicate: ox.NamedNode, *, inverse: bool = False) -> set:
    """``start`` and every node reached from it by ``predicate`` (against its direction with ``inverse``), through
    any node but literals, as rdflib's ``transitive_objects`` / ``transitive_subjects`` give them."""
    seen, todo = {start}, [start]
    default = ox.DefaultGraph()
    while todo:
        node = todo.pop()
        quads = (store.quads_for_pattern(None, predicate, node, default) if inverse
                 else store.quads_for_pattern(node, predicate, None, default))
        for quad in quads:
            found = quad.subject if inverse else quad.object
            if found not in seen and not isinstance(found, ox.Literal):
                seen.add(found)
                todo.append(found)
    return seen


__all__ = ["reachable"]
