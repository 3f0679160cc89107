"""Core SHACL constraints evaluated over the whole graph on pyoxigraph, with pySHACL's results.

pySHACL walks the rdflib graph focus node by focus node; on a million triples that is minutes. Here
each shape's targets are found with one query, each path's values with one index scan (a dict from
focus node to values), and every constraint is checked on those dicts in Python. The checks follow
pySHACL's own code (value-node conversion, ``ill_typed`` datatypes, pattern ``search``, literal
comparison, generic messages), and the results are standard ``sh:ValidationResult`` nodes (focus,
path, value, severity, source shape and constraint component, messages), so the report, and every
problem derived from it, is the one pySHACL gives. ``tests/test_validation_engines.py`` proves it on
every break-one-thing fixture and on a generated graph with injected faults.

A shapes graph that uses anything not handled here (sh:closed, sh:equals/sh:disjoint, qualified shapes,
paths other than predicates, inverses, sequences and alternatives, logical constraints without a
message ...) raises :class:`Unsupported`; the caller then runs pySHACL, so new shapes are never
checked wrongly, only slowly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from .shacl_sparql import target_queries
from .sources import rdflib_term

#: Parameters that are not constraints (or are handled by the shape walk itself).
_NON_CONSTRAINTS = frozenset({
    RDF.type, SH.path, SH.property, SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order,
    SH.group, SH.defaultValue, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
    SH.flags, SH.declare, SH.prefixes,
})
_CONSTRAINTS = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.pattern, SH.minLength, SH.maxLength,
    SH["in"], SH.hasValue, SH.uniqueLang, SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH.lessThan, SH.lessThanOrEquals,
})
_LOGICAL = frozenset({SH["or"], SH["and"], SH["not"], SH.xone, SH.node})
_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH["in"]: SH.InConstraintComponent, SH.hasValue: SH.HasValueConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent, SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent, SH["not"]: SH.NotConstraintComponent,
    SH.xone: SH.XoneConstraintComponent, SH.node: SH.NodeConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent, SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
}
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE}  # the two sh:flags pySHACL honours
_LANG_STRING = str(RDF.langString)


class Unsupported(Exception):
    """The shapes use something this engine does not evaluate; pySHACL must run them."""


class _Failure:
    __slots__ = ("focus", "value", "parameter")

    def __init__(self, focus, value, parameter: URIRef) -> None:
        self.focus, self.value, self.parameter = focus, value, parameter


class CoreValidator:
    """Evaluates a (core-only) shapes graph on a pyoxigraph store, writing pySHACL-style results."""

    def __init__(self, shapes: Graph, store: ox.Store, data: Graph | None = None) -> None:
        self.shapes, self.store, self.data = shapes, store, data
        self._values: dict[Node, dict] = {}
        self._instances: dict[Node, set] = {}
        self._terms: dict = {}
        self._check_supported()

    # ------------------------------------------------------------------ the shapes
    def _check_supported(self) -> None:
        for shape in self._all_shapes():
            for predicate, obj in self.shapes.predicate_objects(shape):
                if str(predicate).startswith(str(SH)) and predicate not in _NON_CONSTRAINTS | _CONSTRAINTS:
                    raise Unsupported(f"{predicate} on {shape}")
                if predicate in _LOGICAL and not self._messages(shape):
                    raise Unsupported(f"{predicate} without sh:message on {shape}")
                if predicate == SH.sparql:
                    raise Unsupported(f"SPARQL constraint left on {shape}")
            path = self.shapes.value(shape, SH.path)
            if path is not None and not isinstance(path, URIRef):
                inverse = self.shapes.value(path, SH.inversePath)
                if not isinstance(inverse, URIRef) or len(set(self.shapes.predicate_objects(path))) != 1:
                    raise Unsupported(f"path of {shape}")
            if (shape, RDF.type, RDFS.Class) in self.shapes or (shape, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in self.shapes:
                raise Unsupported(f"implicit class target of {shape}")

    def _all_shapes(self) -> set[Node]:
        found: set[Node] = set(self.shapes.subjects(RDF.type, SH.NodeShape)) | set(self.shapes.subjects(RDF.type, SH.PropertyShape))
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.path):
            found |= set(self.shapes.subjects(predicate, None))
        found |= set(self.shapes.objects(None, SH.property)) | set(self.shapes.objects(None, SH.node))
        for predicate in (SH["or"], SH["and"], SH.xone):
            for head in self.shapes.objects(None, predicate):
                found |= set(Collection(self.shapes, head))
        found |= set(self.shapes.objects(None, SH["not"]))
        return found

    def _messages(self, shape: Node) -> list[Literal]:
        return [m for m in self.shapes.objects(shape, SH.message) if isinstance(m, Literal)]

    def _deactivated(self, shape: Node) -> bool:
        return any(bool(v.toPython()) for v in self.shapes.objects(shape, SH.deactivated) if isinstance(v, Literal))

    # ------------------------------------------------------------------ the data
    def _term(self, term):
        """The rdflib term pySHACL would see for a pyoxigraph term (cached: labels repeat)."""
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = rdflib_term(term)
        return found

    def _describing(self, term) -> Graph:
        """A graph pySHACL's ``stringify_node`` can describe ``term`` from: the rdflib data when it was given, else
        (the usual case: no rdflib copy of a big graph is made) the triples of a blank node and of the blank
        nodes it holds, from the store. A named node is written as its IRI and needs none."""
        if self.data is not None:
            return self.data
        graph = Graph()
        pending, seen = [term] if isinstance(term, ox.BlankNode) else [], set()
        while pending:
            node = pending.pop()
            if node in seen:
                continue
            seen.add(node)
            for quad in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph()):
                graph.add((self._term(quad.subject), self._term(quad.predicate), self._term(quad.object)))
                if isinstance(quad.object, ox.BlankNode):
                    pending.append(quad.object)
        return graph

    def targets(self, shape: Node) -> set:
        found: set = set()
        for query in target_queries(self.shapes, shape):
            found.update(row["this"] for row in self.store.query(query))
        return found

    def _path_values(self, path: Node) -> dict:
        index = self._values.get(path)
        if index is None:
            index = defaultdict(list)
            if isinstance(path, URIRef):
                for quad in self.store.quads_for_pattern(None, ox.NamedNode(path), None):
                    index[quad.subject].append(quad.object)
            else:  # sh:inversePath (checked in _check_supported)
                for quad in self.store.quads_for_pattern(None, ox.NamedNode(self.shapes.value(path, SH.inversePath)), None):
                    index[quad.object].append(quad.subject)
            for key, values in index.items():
                if len(values) > 1:
                    index[key] = list(dict.fromkeys(values))  # a term once, as in rdflib's set of triples
            self._values[path] = index
        return index

    def _instances_of(self, cls: Node) -> set:
        found = self._instances.get(cls)
        if found is None:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }}"
            found = self._instances[cls] = {row["x"] for row in self.store.query(query)}
        return found

    # ------------------------------------------------------------------ evaluation
    def validate(self, results: Graph) -> None:
        """Evaluate every targeted shape and add its results to the report graph ``results``."""
        report = next(results.subjects(RDF.type, SH.ValidationReport))
        targeted = set()
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            targeted |= set(self.shapes.subjects(predicate, None))
        from .progress import progress

        for shape in progress(sorted(targeted, key=str), len(targeted), "shapes"):
            self._evaluate(shape, self.targets(shape), results, report)

    def conforming(self, shape: Node, nodes: Iterable) -> set:
        """The nodes of ``nodes`` that conform to ``shape``."""
        nodes = set(nodes)
        return nodes - self._evaluate(shape, nodes, None, None)

    def _evaluate(self, shape: Node, focus: set, results: Graph | None, report: Node | None) -> set:
        """Check ``focus`` against ``shape``; add results if ``results`` is given; return the failing focus nodes."""
        if self._deactivated(shape) or not focus:
            return set()
        path = self.shapes.value(shape, SH.path)
        if path is None:
            value_map = {f: [f] for f in focus}
        else:
            index = self._path_values(path)
            value_map = {f: index.get(f, ()) for f in focus}
        failures: list[_Failure] = []
        for parameter, rule in sorted(self.shapes.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if parameter in _CONSTRAINTS:
                failures.extend(self._check(parameter, rule, shape, value_map))
        failing = {failure.focus for failure in failures}
        if results is not None:
            for failure in failures:
                self._add_result(results, report, shape, path, failure)
        nested_shapes = sorted(self.shapes.objects(shape, SH.property), key=str)
        values = {v for vs in value_map.values() for v in vs} if nested_shapes else set()
        for nested in nested_shapes:
            bad = self._evaluate(nested, values, results, report)
            if bad:  # usually none: the scan of every focus node is skipped (1 s of the 1M generated graph)
                failing |= {f for f, vs in value_map.items() if bad.intersection(vs)}
        return failing

    def _check(self, parameter: URIRef, rule: Node, shape: Node, value_map: dict) -> Iterable[_Failure]:
        items = value_map.items()
        if parameter == SH.minCount:
            return [_Failure(f, None, parameter) for f, vs in items if len(vs) < int(rule)]
        if parameter == SH.maxCount:
            return [_Failure(f, None, parameter) for f, vs in items if len(vs) > int(rule)]
        if parameter == SH.uniqueLang:
            return self._unique_lang(rule, items)
        if parameter == SH.hasValue:
            return [_Failure(f, None, parameter) for f, vs in items if not any(self._term(v) == rule for v in vs)]
        if parameter in (SH.lessThan, SH.lessThanOrEquals):
            return self._property_pair(parameter, rule, items)
        if parameter in _LOGICAL:
            test = self._logical_test(parameter, rule, {v for vs in value_map.values() for v in vs})
        else:
            test = self._value_test(parameter, rule, shape)
        return [_Failure(f, v, parameter) for f, vs in items for v in vs if not test(v)]

    def _unique_lang(self, rule: Node, items) -> list[_Failure]:
        if not (isinstance(rule, Literal) and rule.toPython() is True):
            return []
        failures = []
        for f, vs in items:
            seen: set[str] = set()
            duplicates: set[str] = set()
            for v in vs:
                if isinstance(v, ox.Literal) and v.language:
                    lang = v.language.lower()
                    (duplicates if lang in seen else seen).add(lang)
            failures += [_Failure(f, None, SH.uniqueLang) for _ in duplicates]
        return failures

    def _property_pair(self, parameter: URIRef, rule: Node, items) -> list[_Failure]:
        """sh:lessThan / sh:lessThanOrEquals: each value against each value of ``rule`` on the same focus node.

        As pySHACL decides it: IRIs and string literals compare as strings, a string never compares with a
        non-string, other literals by rdflib's ordering; a pair that cannot be compared is a failure. One
        result per failing pair, with the value node as ``sh:value``.
        """
        if not isinstance(rule, URIRef):
            raise Unsupported(f"{parameter} whose value is not an IRI")
        others = self._path_values(rule)
        strict = parameter == SH.lessThan
        failures = []
        for f, vs in items:
            for v in vs:
                for other in others.get(f, ()):
                    if not self._ordered(v, other, strict):
                        failures.append(_Failure(f, v, parameter))
        return failures

    def _ordered(self, low, high, strict: bool) -> bool:
        def comparable(term):
            if isinstance(term, ox.BlankNode):
                raise Unsupported("a blank node compared by a property-pair constraint")
            term = self._term(term)
            if isinstance(term, URIRef):
                return str(term), True
            return (term.value, True) if isinstance(term.value, str) else (term, False)

        (a, a_is_string), (b, b_is_string) = comparable(low), comparable(high)
        if a_is_string != b_is_string:
            return False
        try:
            return bool(a < b) if strict else bool(a <= b)
        except TypeError:
            return False

    def _value_test(self, parameter: URIRef, rule: Node, shape: Node):
        """A predicate on one value node, as pySHACL's component decides it (logical ones: ``_logical_test``)."""
        if parameter == SH["class"]:
            instances = self._instances_of(rule)
            return lambda v: not isinstance(v, ox.Literal) and v in instances
        if parameter == SH.nodeKind:
            kinds = {SH.BlankNode: (ox.BlankNode,), SH.IRI: (ox.NamedNode,), SH.Literal: (ox.Literal,),
                     SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode), SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
                     SH.IRIOrLiteral: (ox.NamedNode, ox.Literal)}[rule]
            return lambda v: isinstance(v, kinds)
        if parameter == SH.datatype:
            return self._datatype_test(rule)
        if parameter in (SH.pattern, SH.minLength, SH.maxLength):
            return self._string_test(parameter, rule, shape)
        if parameter == SH["in"]:
            allowed = set(Collection(self.shapes, rule))
            return lambda v: self._term(v) in allowed
        if parameter == SH.languageIn:
            wanted = {str(tag).lower() for tag in Collection(self.shapes, rule)}
            return lambda v: isinstance(v, ox.Literal) and bool(v.language) and ("*" in wanted or _lang_in(v.language.lower(), wanted))
        if parameter in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            return self._range_test(parameter, rule)
        raise AssertionError(f"{parameter} is not a value constraint")

    def _datatype_test(self, rule: Node):
        if str(rule) == _LANG_STRING:
            return lambda v: isinstance(v, ox.Literal) and bool(v.language)
        if rule == XSD.string:
            return lambda v: isinstance(v, ox.Literal) and not v.language and v.datatype.value == str(XSD.string)
        from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

        assert_actual = DatatypeConstraintComponent._assert_actual_datatype

        def test(v) -> bool:
            if not isinstance(v, ox.Literal):
                return False
            term = self._term(v)
            if term.datatype == rule:
                return getattr(term, "ill_typed", None) is not True and assert_actual(None, term, rule)
            return rule == RDFS.Literal or (rule == RDFS.Datatype and term.datatype is not None)

        return test

    def _string_test(self, parameter: URIRef, rule: Node, shape: Node):
        if parameter == SH.pattern:
            flags = 0
            for flag in str(self.shapes.value(shape, SH.flags) or "").lower():
                flags |= _FLAGS.get(flag, 0)
            matcher = re.compile(str(rule), flags)
            return lambda v: not isinstance(v, ox.BlankNode) and matcher.search(v.value) is not None
        limit = int(rule)
        if parameter == SH.minLength:
            return lambda v: limit == 0 or (not isinstance(v, ox.BlankNode) and len(v.value) >= limit)
        return lambda v: not isinstance(v, ox.BlankNode) and len(v.value) <= limit

    def _range_test(self, parameter: URIRef, rule: Node):
        from pyshacl.rdfutil.compare import compare_literal

        bound_is_string = isinstance(rule.value, str)
        accept = {SH.minInclusive: lambda c: c >= 0, SH.maxInclusive: lambda c: c <= 0,
                  SH.minExclusive: lambda c: c > 0, SH.maxExclusive: lambda c: c < 0}[parameter]

        def test(v) -> bool:
            if not isinstance(v, ox.Literal):
                return False
            term = self._term(v)
            if isinstance(term.value, str) != bound_is_string:
                return False
            try:
                return accept(compare_literal(term, rule))
            except (TypeError, NotImplementedError):
                return False

        return test

    def _logical_test(self, parameter: URIRef, rule: Node, values: set):
        """sh:or, sh:and, sh:xone, sh:not, sh:node on ``values``: each member shape is evaluated once on all of them.

        A node's conformance to a shape does not depend on the other nodes evaluated with it, so this is the
        node-by-node answer; one call per node and member was 3.7 of the core engine's 12 s on the 1M generated
        graph (33k imported types, each against the two members of an sh:or).
        """
        members = [rule] if parameter in (SH["not"], SH.node) else list(Collection(self.shapes, rule))
        conforming = [self.conforming(member, values) for member in members]
        decide = {SH["or"]: lambda n: n >= 1, SH["and"]: lambda n: n == len(members), SH.xone: lambda n: n == 1,
                  SH["not"]: lambda n: n == 0, SH.node: lambda n: n == 1}[parameter]
        passed = {v for v in values if decide(sum(1 for found in conforming if v in found))}
        return passed.__contains__

    # ------------------------------------------------------------------ results
    def _add_result(self, results: Graph, report: Node, shape: Node, path: Node | None, failure: _Failure) -> None:
        result = BNode()
        results.add((report, SH.result, result))
        results.add((result, RDF.type, SH.ValidationResult))
        results.add((result, SH.focusNode, self._term(failure.focus)))
        results.add((result, SH.resultSeverity, self.shapes.value(shape, SH.severity) or SH.Violation))
        results.add((result, SH.sourceShape, shape))
        results.add((result, SH.sourceConstraintComponent, _COMPONENT[failure.parameter]))
        if failure.value is not None:
            results.add((result, SH.value, self._term(failure.value)))
        if path is not None:
            results.add((result, SH.resultPath, self._copy_path(results, path)))
        for message in self._messages(shape) or self._generic_messages(shape, failure):
            results.add((result, SH.resultMessage, message))

    def _copy_path(self, results: Graph, path: Node) -> Node:
        if isinstance(path, URIRef):
            return path
        node = BNode()
        for predicate, obj in self.shapes.predicate_objects(path):
            results.add((node, predicate, obj))
        return node

    def _generic_messages(self, shape: Node, failure: _Failure) -> list[Literal]:
        """pySHACL's message for a constraint whose shape has no sh:message (same wording)."""
        from pyshacl.rdfutil import stringify_node

        path = self.shapes.value(shape, SH.path)
        rule = self.shapes.value(shape, failure.parameter)

        def shape_text(node: Node) -> str:
            return stringify_node(self.shapes, node)

        def data_text(term) -> str:
            try:
                return stringify_node(self._describing(term), self._term(term))
            except (LookupError, ValueError):
                return str(self._term(term))

        parameter = failure.parameter
        if parameter in (SH.minCount, SH.maxCount):
            word = "Less" if parameter == SH.minCount else "More"
            where = f"{data_text(failure.focus)}->{shape_text(path)}" if path is not None else data_text(failure.focus)
            text = f"{word} than {rule} values on {where}"
        elif parameter == SH["class"]:
            text = f"Value does not have class {shape_text(rule)}"
        elif parameter == SH.datatype:
            text = f"Value is not Literal with datatype {shape_text(rule)}"
        elif parameter == SH.nodeKind:
            text = f"Value is not of Node Kind {shape_text(rule)}"
        elif parameter == SH.pattern:
            text = f"Value does not match pattern '{rule}'"
        elif parameter == SH.minLength:
            text = f"String length not >= {stringify_node(data, rule)}"
        elif parameter == SH.maxLength:
            text = f"String length not <= {stringify_node(data, rule)}"
        elif parameter == SH["in"]:
            allowed = [shape_text(v) for v in Collection(self.shapes, rule)]
            text = f"Value {data_text(failure.value)} not in list {allowed}"
        elif parameter == SH.hasValue:
            the_set = [shape_text(rule)]
            text = (f"Node {data_text(failure.focus)}->{shape_text(path)} does not contain a value in the set: {the_set}"
                    if path is not None else f"Node {data_text(failure.focus)} value is not a in the set of values: {the_set}")
        elif parameter == SH.uniqueLang:
            text = "More than one String shares the same Language"
        elif parameter == SH.languageIn:
            text = f"String language is not in {shape_text(rule)}"
        elif parameter in (SH.lessThan, SH.lessThanOrEquals):  # pySHACL's wording: the operator that failed
            sign = "<=" if parameter == SH.lessThan else "<"
            text = f"Value of {data_text(failure.focus)}->{shape_text(rule)} {sign} {data_text(failure.value)}"
        else:
            sign = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}[parameter]
            text = f"Value is not {sign} {shape_text(rule)}"
        return [Literal(text)]


def _lang_in(lang: str, wanted: set[str]) -> bool:
    """pySHACL's languageIn: the tag or its first subtag is listed."""
    return lang in wanted or lang.split("-")[0] in wanted


def new_report() -> Graph:
    """An empty SHACL report graph (conformance is set once every check has added its results)."""
    results = Graph()
    results.bind("sh", SH)
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    results.add((report, SH.conforms, Literal(True)))
    return results


__all__ = ["CoreValidator", "Unsupported", "new_report"]
