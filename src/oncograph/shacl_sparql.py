"""SHACL-SPARQL constraints evaluated once over the whole graph on pyoxigraph.

pySHACL runs a ``sh:SPARQLConstraint`` once per focus node on rdflib's SPARQL engine; with the
OncoTree import (about 900 cancer types) that took two and a half minutes of a build. In SPARQL
``$this`` and ``?this`` are one variable, so the same ``SELECT`` run once with ``$this`` unbound
returns the violations of every focus node at once; keeping the rows whose ``?this`` is in the
shape's targets gives pySHACL's answer, as long as the query binds ``$this`` in a graph pattern
(checked: a row without ``?this`` is an error). The results are written as standard
``sh:ValidationResult`` nodes (focus node, path, value, message with ``{?var}`` filled in as
pySHACL fills it, severity, source shape and constraint), so the report stays a SHACL report.

Only node-shape constraints that use no other pre-bound variable (``$PATH``, ``$value``,
``$currentShape``, ``$shapesGraph``) are lifted; anything else stays with pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import OncographError

SH = Namespace("http://www.w3.org/ns/shacl#")
_OTHER_PREBOUND = re.compile(r"\$(PATH|value|currentShape|shapesGraph)\b")
_MESSAGE_VARIABLE = re.compile(r"\{[$?](\w+)\}")
_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class RuleError(OncographError):
    """A SHACL-SPARQL constraint cannot be evaluated over the whole graph."""


@dataclass(frozen=True)
class SparqlRule:
    """One lifted ``sh:SPARQLConstraint`` with the targets and severity of its shape."""

    shape: Node
    constraint: Node
    query: str
    messages: tuple[Literal, ...]
    severity: URIRef
    target_queries: tuple[str, ...]


def lift_sparql_constraints(shapes: Graph) -> tuple[Graph, list[SparqlRule]]:
    """Split ``shapes`` into a graph for pySHACL and the constraints this module evaluates.

    The returned graph is a copy without the lifted ``sh:sparql`` links (and without the targets
    of shapes left with no other constraint, so pySHACL does not compute them for nothing).
    """
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    core += shapes
    rules: list[SparqlRule] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if not _liftable(shapes, shape, constraint):
            continue
        if (constraint, SH.deactivated, Literal(True)) in shapes or (shape, SH.deactivated, Literal(True)) in shapes:
            core.remove((shape, SH.sparql, constraint))
            continue
        select = shapes.value(constraint, SH.select)
        prologue = _prologue(shapes, constraint)
        rules.append(SparqlRule(
            shape=shape,
            constraint=constraint,
            query=prologue + str(select),
            messages=tuple(sorted(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal))),
            severity=shapes.value(shape, SH.severity) or SH.Violation,
            target_queries=tuple(_target_queries(shapes, shape)),
        ))
        core.remove((shape, SH.sparql, constraint))
    for rule in rules:
        if not _has_other_constraints(core, rule.shape):
            for predicate in _TARGET_PREDICATES:
                core.remove((rule.shape, predicate, None))
    return core, rules


def add_rule_results(results: Graph, rules: Iterable[SparqlRule], store: ox.Store) -> None:
    """Run each rule once on ``store`` and add its violations to the SHACL report ``results``."""
    report = next(results.subjects(RDF.type, SH.ValidationReport))
    for rule in rules:
        targets = _targets(rule, store)
        seen: set[tuple] = set()
        for row in store.query(rule.query):
            this = _bound(row, "this")
            if this is None:
                raise RuleError(f"SHACL-SPARQL constraint of {rule.shape}: a result has no ?this; bind $this in a graph pattern")
            if this not in targets:
                continue
            path, value = _bound(row, "path"), _bound(row, "value")
            key = tuple(None if term is None else str(term) for term in row)
            if key in seen:
                continue
            seen.add(key)
            _add_result(results, report, rule, row, this, path, value)


def _liftable(shapes: Graph, shape: Node, constraint: Node) -> bool:
    select = shapes.value(constraint, SH.select)
    return (
        select is not None
        and shapes.value(shape, SH.path) is None
        and not _OTHER_PREBOUND.search(str(select))
    )


def _prologue(shapes: Graph, constraint: Node) -> str:
    lines = []
    for prefixes in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(prefixes, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _target_queries(shapes: Graph, shape: Node) -> Iterable[str]:
    for cls in sorted(shapes.objects(shape, SH.targetClass)):
        yield (f"SELECT ?this WHERE {{ ?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> }}")
    for node in sorted(shapes.objects(shape, SH.targetNode)):
        yield f"SELECT ?this WHERE {{ VALUES ?this {{ {node.n3()} }} }}"
    for predicate in sorted(shapes.objects(shape, SH.targetSubjectsOf)):
        yield f"SELECT DISTINCT ?this WHERE {{ ?this <{predicate}> ?o }}"
    for predicate in sorted(shapes.objects(shape, SH.targetObjectsOf)):
        yield f"SELECT DISTINCT ?this WHERE {{ ?s <{predicate}> ?this }}"
    for target in sorted(shapes.objects(shape, SH.target)):
        select = shapes.value(target, SH.select)
        if select is None:
            raise RuleError(f"shape {shape}: only SPARQL-based custom targets (sh:select) are supported")
        yield _prologue(shapes, target) + str(select)


#: The focus nodes of a shape as SPARQL SELECTs of ?this (also used by the core-constraint engine).
target_queries = _target_queries


def _targets(rule: SparqlRule, store: ox.Store) -> set[ox.NamedNode | ox.BlankNode]:
    found: set = set()
    for query in rule.target_queries:
        found.update(row["this"] for row in store.query(query))
    return found


def _has_other_constraints(shapes: Graph, shape: Node) -> bool:
    return any(
        p not in _TARGET_PREDICATES and p not in (RDF.type, SH.severity, SH.message, SH.deactivated)
        and not str(p).startswith("http://www.w3.org/2000/01/rdf-schema#")
        for p in shapes.predicates(shape)
    )


def _bound(row: ox.QuerySolution, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _to_rdflib(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _message(template: Literal, row: ox.QuerySolution) -> Literal:
    def fill(match: re.Match) -> str:
        value = _bound(row, match.group(1))
        return match.group(0) if value is None else value.value

    return Literal(_MESSAGE_VARIABLE.sub(fill, str(template)), lang=template.language)


def _add_result(results: Graph, report: Node, rule: SparqlRule, row: ox.QuerySolution, this, path, value) -> None:
    result = BNode()
    results.add((report, SH.result, result))
    results.add((result, RDF.type, SH.ValidationResult))
    results.add((result, SH.focusNode, _to_rdflib(this)))
    results.add((result, SH.resultSeverity, rule.severity))
    results.add((result, SH.sourceShape, rule.shape))
    results.add((result, SH.sourceConstraint, rule.constraint))
    results.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    results.add((result, SH.value, _to_rdflib(value if value is not None else this)))
    if isinstance(path, ox.NamedNode):
        results.add((result, SH.resultPath, URIRef(path.value)))
    for template in rule.messages:
        results.add((result, SH.resultMessage, _message(template, row)))


__all__ = ["RuleError", "SparqlRule", "add_rule_results", "lift_sparql_constraints", "target_queries"]
