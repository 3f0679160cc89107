"""HermiT's command line run on N-Triples, and what it infers about individuals read back.

owlready2's ``sync_reasoner_hermit`` always has HermiT classify the data properties as well (``-D``): on the
shipped graph that was 3 s of a 7.5 s step, for TBox facts the release never publishes (it publishes facts about
the resources the data describes, never about classes or properties). It also loads the graph into an owlready2 world first and writes the inferences out again.
Here the jar owlready2 ships is run on the core's N-Triples with only the tasks the release uses: classifying the
classes (``-c``, which realisation builds on: without it HermiT took longer), the individuals' types (``-I``) and
the property values (``-Y``). Its two kinds of answer lines, ``Type( <individual> <class> )`` and
``<property> (known instances: (<a>, <b>)… | possible instances: …)``, are parsed into triples.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .errors import OncographError
from .rdf_terms import RDF_TYPE

#: As owlready2 runs it: HermiT's heap; the shipped graph needs a fraction of it.
JAVA_HEAP = "-Xmx2000M"
#: Java writes its output in the locale's charset, which under LANG=C turned every non-ASCII character of an IRI
#: into "?" (the IRIs of a published triple then named nothing): UTF-8 for its files (Java 17) and its stdout (18+).
UTF8 = ("-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8")
TASKS = ("-c", "-I", "-Y")

_TYPE_LINE = re.compile(r"^Type\( <([^>]+)> <([^>]+)> \)$", re.MULTILINE)
_VALUES_LINE = re.compile(r"^<([^>]+)> \(known instances:(.*?)\| possible instances:", re.MULTILINE)
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")
_FAILED = "It all went pear-shaped:"


class HermitInconsistentError(OncographError):
    """HermiT found the triples inconsistent."""


class HermitFailedError(OncographError):
    """HermiT (or Java) stopped with an error other than an inconsistency."""


def hermit_inferences(ntriples: bytes) -> list[ox.Triple]:
    """The individuals' types and the object property values HermiT derives from ``ntriples`` (asserted ones
    included: the caller keeps the new ones). Raises :class:`HermitInconsistentError` if they contradict."""
    with tempfile.TemporaryDirectory(prefix="oncograph-hermit-") as folder:
        path = Path(folder) / "core.nt"
        path.write_bytes(ntriples)
        # subprocess.run kills Java on any exception, a stopped build's BuildInterrupted included
        done = subprocess.run([_java(), JAVA_HEAP, *UTF8, "-cp", _classpath(), "org.semanticweb.HermiT.cli.CommandLine",
                               *TASKS, path.as_uri()], capture_output=True, check=False)
    output, errors = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    if "Inconsistent ontology" in errors or "Inconsistent ontology" in output:
        raise HermitInconsistentError("HermiT found the ontology and data inconsistent")
    # HermiT's command line catches its own failures (an unreadable input among them), prints this and exits 0
    if done.returncode != 0 or _FAILED in errors:
        first = next((line for line in errors.splitlines() if line.strip()), "no message")
        raise HermitFailedError(f"HermiT stopped with exit code {done.returncode}: {first.replace(_FAILED, '').strip()}")
    return parse_hermit_output(output)


def parse_hermit_output(output: str) -> list[ox.Triple]:
    """The triples of HermiT's ``Type`` lines and of the known instances of its property-value lines.

    >>> for triple in parse_hermit_output("<urn:p> (known instances: (<urn:a>, <urn:b>) | possible instances: ) "):
    ...     print(triple)
    <urn:a> <urn:p> <urn:b>
    """
    triples = [ox.Triple(ox.NamedNode(individual), RDF_TYPE, ox.NamedNode(klass))
               for individual, klass in _TYPE_LINE.findall(output)]
    for prop, known in _VALUES_LINE.findall(output):
        predicate = ox.NamedNode(prop)
        triples += [ox.Triple(ox.NamedNode(a), predicate, ox.NamedNode(b)) for a, b in _PAIR.findall(known)]
    return triples


def _classpath() -> str:
    """The HermiT jar bundled with owlready2, found without importing owlready2 (0.3 s)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise HermitFailedError("owlready2, which ships HermiT, is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "hermit"
    return os.pathsep.join((str(folder), str(folder / "HermiT.jar")))


def _java() -> str:
    return shutil.which("java") or "java"


__all__ = ["HermitFailedError", "HermitInconsistentError", "hermit_inferences", "parse_hermit_output"]
