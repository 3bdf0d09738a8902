"""Scenario files: parley YAML, GENIUS XML and GeniusWeb JSON, to and from the in-memory model."""

from parley.scenarios.errors import ScenarioError
from parley.scenarios.io import Format, load_scenario, save_scenario
from parley.scenarios.model import Metadata, Party, Scenario, Source, Statement, StatementKind
from parley.scenarios.yaml_format import dumps_yaml, load_yaml, loads_yaml, save_yaml

__all__ = [
    "Format",
    "Metadata",
    "Party",
    "Scenario",
    "ScenarioError",
    "Source",
    "Statement",
    "StatementKind",
    "dumps_yaml",
    "load_scenario",
    "load_yaml",
    "loads_yaml",
    "save_scenario",
    "save_yaml",
]
