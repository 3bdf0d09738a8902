"""parley's own YAML scenario format: load with located errors (saving is :mod:`.yaml_writer`).

Loading runs in three steps, each of which reports the file, the path inside it and the line:
YAML syntax (PyYAML), shapes and types (the pydantic schema), then meaning (names and options that
must match the issues) while the in-memory :class:`~parley.scenario.Scenario` is built.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from parley.formats import yaml_locate
from parley.formats.errors import ScenarioError
from parley.formats.no_deal_format import no_deal_state, walk_aways, with_walk_away_reservations
from parley.formats.process_format import build_process
from parley.formats.process_schema import ProcessSections, ScenarioFile
from parley.formats.scenario_warnings import warn_suspicious
from parley.formats.yaml_build import Located, build_core
from parley.scenario import Scenario, format_location

#: Refuse documents whose aliases expand to more values than this (the YAML "billion laughs").
MAX_EXPANDED_NODES = 1_000_000


# --- loading ----------------------------------------------------------------------------------------
def load_yaml(path: str | Path) -> Scenario:
    """Read a scenario file; raises :class:`ScenarioError` naming the file, place and problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(path, "", f"cannot read the file: {error}") from None
    return loads_yaml(text, file=path)


def loads_yaml(text: str, file: str | Path | None = None) -> Scenario:
    """Parse a scenario from YAML text (``file`` only names it in error messages); settings that are
    probably mistakes are issued as located :class:`~parley.formats.scenario_warnings.ScenarioWarning`."""
    try:
        root, data = _parsed(text, file)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(file, "", f"not valid YAML: {problem}", line=line) from None
    if not isinstance(data, dict):
        raise ScenarioError(file, "", "a scenario file must be a YAML mapping with issues and parties")
    try:
        spec = ScenarioFile.model_validate(data)
    except ValidationError as error:
        raise _schema_error(error, data, root, file) from None
    try:
        scenario = from_spec(spec)
    except Located as located:
        line = yaml_locate.line_of(root, located.path)
        raise ScenarioError(file, format_location(located.path), located.problem, line=line) from None
    warn_suspicious(scenario, file, lambda path: yaml_locate.line_of(root, path))
    return scenario


def _parsed(text: str, file: str | Path | None) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, from one parse of ``text``; a
    document whose aliases expand too far is refused before it is built."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        if yaml_locate.expanded_size(root) > MAX_EXPANDED_NODES:
            raise ScenarioError(
                file, "", f"the document expands to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)"
            )
        return root, loader.construct_document(root)
    finally:
        loader.dispose()


def _schema_error(
    error: ValidationError, data: Any, root: yaml.Node | None, file: str | Path | None
) -> ScenarioError:
    """The first schema violation, located (an unknown key first: it is often the cause of a "missing"
    one); the count of the others is mentioned."""
    errors = error.errors()
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    first = unknown[0] if unknown else errors[0]
    path = yaml_locate.clean_path(first["loc"], data)
    message = _unknown_key(first, errors) if unknown else first["msg"]
    more = error.error_count() - 1
    problem = message + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
    line = yaml_locate.key_line_of(root, path) if unknown else yaml_locate.line_of(root, path)
    return ScenarioError(file, format_location(path), problem, line=line)


def _unknown_key(found: ErrorDetails, errors: list[ErrorDetails]) -> str:
    """The problem of an unknown key, with the nearest of the keys valid at that place (the top level's,
    or the keys reported missing beside it): "unknown key 'isues' (did you mean 'issues'?): …"."""
    key, parent = str(found["loc"][-1]), found["loc"][:-1]
    if not parent:
        valid = [field.alias or name for name, field in ScenarioFile.model_fields.items()]
    else:
        valid = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and e["loc"][:-1] == parent]
    close = difflib.get_close_matches(key, valid, n=1)
    return f"unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "") + f": {found['msg']}"


def from_spec(spec: ScenarioFile) -> Scenario:
    """Build the in-memory scenario, its delegations process included, from a validated schema object
    (raises ``Located``)."""
    values = walk_aways(spec)
    core = spec if values is None else with_walk_away_reservations(spec, values)
    space, parties, metadata = build_core(core)
    sections = _process_sections(spec)
    no_deal = None if values is None or spec.no_deal is None else no_deal_state(spec.no_deal, values)
    process = None if sections is None else build_process(space, parties, sections, no_deal)
    return Scenario(space, parties, metadata, process)


def _process_sections(spec: ScenarioFile) -> ProcessSections | None:
    """The delegations sections as read (None when the file has none)."""
    sections = ProcessSections(**{name: getattr(spec, name) for name in ProcessSections.model_fields})
    return sections if sections.model_dump(exclude_defaults=True) else None
