"""Reading an OncoTree release file (``trees/oncotree_*.json``, the web API's tree shape) and checking its shape.

The file is nested: ``{"TISSUE": {"code": ..., "children": {CODE: node, ...}, ...}}``. Every field the import
uses is checked, and the first node that is wrong is named with the path from the root, so a truncated or
hand-edited file fails with a message a person can act on instead of a half-written module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceFileError

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_/\-]*$")
#: Earlier codes were not always upper case (``SpCC`` in SPCC's history).
OLD_CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_/\-]*$")
_RELEASE_NAME = re.compile(r"oncotree_(\d{4})_(\d{2})_(\d{2})")
_STRING_FIELDS = ("code", "name")
_OPTIONAL_STRING_FIELDS = ("mainType", "tissue", "parent")
_CODE_LISTS = ("history", "precursors", "revocations")


@dataclass(frozen=True)
class TreeNode:
    """One OncoTree node, as the file gives it."""

    code: str
    name: str
    main_type: str | None
    tissue: str | None
    parent: str | None
    level: int
    external: dict[str, tuple[str, ...]]
    history: tuple[str, ...]
    precursors: tuple[str, ...]
    revocations: tuple[str, ...]


@dataclass(frozen=True)
class OncoTreeRelease:
    """A parsed release: its nodes in file order (parents before children) and where it came from."""

    path: Path
    nodes: tuple[TreeNode, ...]
    release_date: str | None

    def by_code(self) -> dict[str, TreeNode]:
        return {node.code: node for node in self.nodes}


def release_date_of(path: Path) -> str | None:
    """``2025-10-03`` for ``oncotree_2025_10_03.json``: releases are named by date."""
    match = _RELEASE_NAME.search(path.name)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def read_release(path: Path) -> OncoTreeRelease:
    """Parse and check a release file; any problem raises :class:`SourceFileError` naming the node and field."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise SourceFileError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from exc
    if not isinstance(document, dict) or len(document) != 1:
        raise SourceFileError(path, "an OncoTree tree file holds exactly one root object, e.g. {\"TISSUE\": {...}}")
    nodes: list[TreeNode] = []
    seen: dict[str, str] = {}
    (root_key, root), = document.items()
    stack: list[tuple[str, object, str | None, str]] = [(root_key, root, None, root_key)]
    while stack:
        key, raw, parent, where = stack.pop()
        node = _check_node(path, key, raw, parent, where)
        if node.code in seen:
            raise SourceFileError(path, f"node {where}: code {node.code!r} occurs twice (also at {seen[node.code]})")
        seen[node.code] = where
        nodes.append(node)
        children = raw["children"]  # type: ignore[index]
        stack.extend((k, v, node.code, f"{where}/{k}") for k, v in reversed(list(children.items())))
    return OncoTreeRelease(Path(path), tuple(nodes), release_date_of(Path(path)))


def _check_node(path: Path, key: str, raw: object, parent: str | None, where: str) -> TreeNode:
    def bad(message: str) -> SourceFileError:
        return SourceFileError(path, f"node {where}: {message}")

    if not isinstance(raw, dict):
        raise bad(f"is a {type(raw).__name__}, not an object with code, name, children ...")
    for field in (*_STRING_FIELDS, "level", "children", "externalReferences", *_CODE_LISTS):
        if field not in raw:
            raise bad(f"lacks the field {field!r}")
    for field in _STRING_FIELDS:
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise bad(f"field {field!r} must be a non-empty string, not {raw[field]!r}")
    for field in _OPTIONAL_STRING_FIELDS:
        if raw.get(field) is not None and not isinstance(raw[field], str):
            raise bad(f"field {field!r} must be a string or null, not {raw[field]!r}")
    code = raw["code"]
    if code != key:
        raise bad(f"is listed under the key {key!r} but its code is {code!r}")
    if not CODE_PATTERN.match(code):
        raise bad(f"code {code!r} is not an OncoTree code (capital letters, digits, _ / -)")
    if raw.get("parent") != parent:
        raise bad(f"field 'parent' is {raw.get('parent')!r} but the node sits under {parent!r}")
    level = raw["level"]
    if not isinstance(level, int) or isinstance(level, bool) or level < 0:
        raise bad(f"field 'level' must be a whole number >= 0, not {level!r}")
    if not isinstance(raw["children"], dict):
        raise bad("field 'children' must be an object of child nodes by code")
    external = raw["externalReferences"]
    if not isinstance(external, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in external.values()
    ):
        raise bad("field 'externalReferences' must map a vocabulary (NCI, UMLS) to a list of codes")
    lists = {}
    for field in _CODE_LISTS:
        value = raw[field]
        if not isinstance(value, list) or not all(isinstance(x, str) and OLD_CODE_PATTERN.match(x) for x in value):
            raise bad(f"field {field!r} must be a list of OncoTree codes, not {value!r}")
        lists[field] = tuple(value)
    return TreeNode(
        code=code, name=raw["name"].strip(), main_type=raw.get("mainType"), tissue=raw.get("tissue"),
        parent=parent, level=level, external={k: tuple(v) for k, v in sorted(external.items())},
        history=lists["history"], precursors=lists["precursors"], revocations=lists["revocations"],
    )


__all__ = ["CODE_PATTERN", "OncoTreeRelease", "TreeNode", "read_release", "release_date_of"]
