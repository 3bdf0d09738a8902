"""Structural variants of a scenario: settings ``PATH=VALUE`` applied to its YAML document, and a
variants file naming several of them (what ``parley whatif`` compares side by side).

``PATH`` is a dotted path into the scenario file (``mandates.Russia.strategy``,
``breakdown.cost.front_donetsk``, ``stages.0.rounds``; a number indexes a list); ``VALUE`` is YAML
(``linear``, ``10``, ``[{name: all, issues: [a, b], rounds: 60}]``). The changed document is read again
as a whole, so a variant is checked like any scenario file: a wrong path or value is a located error.
A variants file is a YAML list of ``{name: ..., set: {PATH: VALUE, ...}}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parley.formats.errors import ScenarioError
from parley.formats.yaml_format import loads_yaml
from parley.scenario import Scenario


@dataclass(frozen=True)
class Variant:
    """A named set of changes to a scenario file (none: the scenario as it is)."""

    name: str
    settings: tuple[tuple[str, Any], ...] = ()


class _VariantSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    set: dict[str, Any] = Field(min_length=1)


def parse_setting(text: str) -> tuple[str, Any]:
    """``PATH=VALUE`` as (path, the value read as YAML); a ScenarioError naming the setting if malformed."""
    path, sign, value = text.partition("=")
    if not sign or not path.strip():
        raise ScenarioError(
            None, f"--set {text}", "a setting is PATH=VALUE, e.g. mandates.Russia.strategy=linear"
        )
    try:
        return path.strip(), yaml.safe_load(value)
    except yaml.YAMLError as error:
        raise ScenarioError(None, f"--set {text}", f"the value is not YAML: {error}") from None


def read_variants(path: Path) -> list[Variant]:
    """The variants a variants file names (a ScenarioError with the file and the entry if malformed)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError(path, "", f"not valid YAML: {error}") from None
    if not isinstance(data, list) or not data:
        raise ScenarioError(path, "", "a variants file is a YAML list of {name: ..., set: {PATH: VALUE}}")
    variants = []
    for index, entry in enumerate(data):
        try:
            spec = _VariantSpec.model_validate(entry)
        except ValidationError as error:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            raise ScenarioError(path, f"variant {index}", problem) from None
        variants.append(Variant(spec.name, tuple(spec.set.items())))
    return variants


def apply_variant(text: str, variant: Variant, file: str) -> Scenario:
    """The scenario of ``text`` with ``variant``'s settings applied, read and checked as a whole."""
    if not variant.settings:
        return loads_yaml(text, file=file)
    where = f"{file} ({variant.name})"
    document = yaml.safe_load(text)
    for path, value in variant.settings:
        _set(document, path, value, where)
    try:
        return loads_yaml(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), file=where)
    except ScenarioError as error:  # its line is the rewritten document's, not the user's file's
        raise ScenarioError(where, error.location, error.problem) from None


def _set(document: Any, path: str, value: Any, file: str) -> None:
    """Put ``value`` at the dotted ``path`` of ``document`` (its parents must exist)."""
    keys = path.split(".")
    node = document
    for depth, key in enumerate(keys[:-1]):
        node = _child(node, key, ".".join(keys[: depth + 1]), file)
    last = keys[-1]
    if isinstance(node, list):
        node[_index(node, last, path, file)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise ScenarioError(
            file, path, f"{'.'.join(keys[:-1]) or 'the file'} holds a value, not a mapping or a list"
        )


def _child(node: Any, key: str, where: str, file: str) -> Any:
    if isinstance(node, list):
        return node[_index(node, key, where, file)]
    if isinstance(node, dict) and key in node:
        return node[key]
    known = ", ".join(map(str, node)) if isinstance(node, dict) else "none"
    raise ScenarioError(file, where, f"no such entry in the scenario file; there: {known}")


def _index(node: list[Any], key: str, where: str, file: str) -> int:
    if not key.lstrip("-").isdigit() or not -len(node) <= int(key) < len(node):
        raise ScenarioError(file, where, f"a list of {len(node)} entries is indexed by 0..{len(node) - 1}")
    return int(key)
