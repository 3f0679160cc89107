"""Where in the source files an entity is defined, so problems can name file and line.

Curated Turtle puts each subject at the start of a line (``ogr:breast-cancer a ...``);
the SSSOM table has one row per mapping. A light scan of the text is enough to
map a subject IRI to its first defining line, without a position-aware parser.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .sourceset import EVIDENCE_FILES

_PREFIX = re.compile(r"^\s*@prefix\s+([\w\-]*):\s*<([^>]*)>\s*\.", re.IGNORECASE)
_SPARQL_PREFIX = re.compile(r"^\s*PREFIX\s+([\w\-]*):\s*<([^>]*)>", re.IGNORECASE)
# a prefixed name's local part may hold any non-ASCII character (Turtle's PN_CHARS), emoji included
_SUBJECT = re.compile(r"^(<[^>\s]+>|[^\s:<>\"'#@;,\[\]()]*:[^\s<>\"'#;,\[\]()]*)(?=\s|$)")


@dataclass(frozen=True)
class Location:
    """A file and a 1-based line (``None`` for a blank node, which has no line of its own to point at)."""

    path: Path
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)

    @staticmethod
    def sort_key(text: str | None) -> tuple[int, str, int]:
        """Order ``file:line`` strings by file, then by line as a number (102 before 10002); none last."""
        if not text:
            return (1, "", 0)
        path, _, line = text.rpartition(":")
        return (0, path, int(line)) if path and line.isdigit() else (0, text, 0)

    @staticmethod
    def relative_text(text: str | None, base: Path) -> str | None:
        """A ``file:line`` string with ``base/`` taken off its file, so a release names ``ontology/data/x.ttl:37``
        in every checkout and installation; other text is returned as it is."""
        prefix = f"{base}{os.sep}"
        return text[len(prefix):] if text and text.startswith(prefix) else text


@dataclass
class SubjectLocator:
    """Subject IRI -> where it is first defined."""

    locations: dict[str, Location] = field(default_factory=dict)

    @classmethod
    def from_files(cls, paths: list[Path] | tuple[Path, ...], prefixes: dict[str, str]) -> SubjectLocator:
        locator = cls()
        for path in paths:
            if path.suffix == ".ttl":
                locator._scan_turtle(path)
            elif path.name in EVIDENCE_FILES:
                locator._scan_evidence(path)
            elif path.name.endswith(".tsv"):
                locator._scan_sssom(path, prefixes)
        return locator

    def _scan_turtle(self, path: Path) -> None:
        # Most lines of a big file repeat a subject on a line of its own (N-Triples style: 978k of the 1M generated
        # graph's 990k lines), so a line that opens with "<" skips the prefix patterns, which cannot match it, and a
        # Location is made only for a subject not seen yet: 5 s to 3.5 s there (2 loaded cores).
        prefixes: dict[str, str] = {}
        locations = self.locations
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            declared = line[:1] != "<" and (_PREFIX.match(line) or _SPARQL_PREFIX.match(line))
            if declared:
                prefixes[declared.group(1)] = declared.group(2)
                continue
            subject = _SUBJECT.match(line)
            if subject:
                iri = _expand(subject.group(1).rstrip("."), prefixes)  # a local name never ends with "."
                if iri and iri not in locations:
                    locations[iri] = Location(path, number)

    def _scan_evidence(self, path: Path) -> None:
        from .ingest.evidence_tables import row_locations

        for iri, line in row_locations((path,)).items():
            self.locations.setdefault(iri, Location(path, line))

    def _scan_sssom(self, path: Path, prefixes: dict[str, str]) -> None:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if line.startswith("#") or line.startswith("subject_id"):
                continue
            iri = _expand(line.split("\t", 1)[0], prefixes)
            if iri:
                self.locations.setdefault(f"{iri} mapping", Location(path, number))

    def find(self, iri: str) -> Location | None:
        return self.locations.get(iri)

    def subjects_in(self, paths: set[Path]) -> set[str]:
        """IRIs defined in any of ``paths``."""
        return {iri for iri, loc in self.locations.items() if loc.path in paths}


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, sep, local = token.partition(":")
    if not sep or prefix not in prefixes:
        return None
    return prefixes[prefix] + local


__all__ = ["Location", "SubjectLocator"]
