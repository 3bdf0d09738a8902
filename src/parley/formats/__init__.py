"""Scenario files: parley YAML, GENIUS XML and GeniusWeb JSON to and from the in-memory model
(:mod:`parley.scenario`), and stakeholder tables from CSV; every reading error is located."""

from parley.formats.cases import Case, read_case, read_cases
from parley.formats.errors import ScenarioError
from parley.formats.exchange_records import looks_like_exchange_records, read_exchange_records
from parley.formats.io import Format, guess_format, load_scenario, save_scenario
from parley.formats.ktab_csv import looks_like_ktab, read_ktab_csv
from parley.formats.process_schema import scenario_json_schema
from parley.formats.safe_write import (
    OverwriteError,
    check_file_target,
    check_folder_target,
    write_folder,
    write_text_file,
)
from parley.formats.scenario_warnings import ScenarioWarning
from parley.formats.stakeholder_csv import (
    detected_salience_scale,
    parse_stakeholder_csv,
    read_stakeholder_csv,
)
from parley.formats.variants import Variant, apply_variant, parse_setting, read_variants
from parley.formats.yaml_format import load_yaml, loads_yaml
from parley.formats.yaml_writer import dumps_yaml, save_yaml

__all__ = [
    "Case",
    "Format",
    "OverwriteError",
    "ScenarioError",
    "ScenarioWarning",
    "Variant",
    "apply_variant",
    "check_file_target",
    "check_folder_target",
    "detected_salience_scale",
    "dumps_yaml",
    "guess_format",
    "load_scenario",
    "load_yaml",
    "loads_yaml",
    "looks_like_exchange_records",
    "looks_like_ktab",
    "parse_setting",
    "parse_stakeholder_csv",
    "read_case",
    "read_cases",
    "read_exchange_records",
    "read_ktab_csv",
    "read_stakeholder_csv",
    "read_variants",
    "save_scenario",
    "save_yaml",
    "scenario_json_schema",
    "write_folder",
    "write_text_file",
]
