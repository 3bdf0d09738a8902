"""Find where a path such as ``parties[1].utility.weights`` sits in a YAML text, to point at its line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml


def expanded_size(root: yaml.Node) -> int:
    """Number of values the document holds once every alias is expanded (computed without expanding)."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        if id(node) not in sizes:
            sizes[id(node)] = 0  # a recursive alias counts once instead of looping forever
            children: list[yaml.Node] = []
            if isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            elif isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            sizes[id(node)] = 1 + sum(size(child) for child in children)
        return sizes[id(node)]

    return size(root)


def clean_path(path: Sequence[str | int], data: Any) -> list[str | int]:
    """Drop the parts of a pydantic error path that are not in the data (union tags such as
    ``categorical`` or ``list[...]``), so that the path reads as the user wrote the file."""
    cleaned: list[str | int] = []
    node = data
    for part in path:
        if isinstance(node, dict):
            key = _matching_key(node, part)
            if key is None:
                if isinstance(part, str) and _is_tag(part):
                    continue
                cleaned.append(part)
                node = None
                continue
            cleaned.append(part)
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            cleaned.append(part)
            node = node[part]
        elif isinstance(part, str) and _is_tag(part):
            continue
        else:
            cleaned.append(part)
            node = None
    return cleaned


def line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the deepest node along ``path`` that exists in the YAML tree."""
    if root is None:
        return None
    node: yaml.Node = root
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def key_line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the key that ends ``path`` (where an unknown key is written), else :func:`line_of`."""
    parent = root
    for part in path[:-1]:
        parent = None if parent is None else _child(parent, part)
    if isinstance(parent, yaml.MappingNode) and path:
        for key, _ in parent.value:
            if str(key.value) == str(path[-1]):
                return int(key.start_mark.line) + 1
    return line_of(root, path)


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return value if isinstance(value, yaml.Node) else None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child = node.value[part]
        return child if isinstance(child, yaml.Node) else None
    return None


def _matching_key(node: dict[Any, Any], part: str | int) -> Any:
    if part in node:
        return part
    for key in node:
        if str(key) == str(part):
            return key
    return None


_SCHEMA_TAGS = {"categorical", "integer", "real", "linear", "hyperrectangles", "table"}


def _is_tag(part: str) -> bool:
    return part in _SCHEMA_TAGS or "[" in part or part.endswith("Spec") or part.startswith("function-")
