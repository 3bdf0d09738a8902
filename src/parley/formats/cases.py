"""Forecasting cases with a known outcome (for ``parley backtest``): a small YAML file naming a
stakeholder table and what was actually decided.

```yaml
name: EC emission standards
table: ../shared/forecast/emission_standards.csv   # relative to the case file
outcome: 8.833                                      # the position adopted, on the table's scale
source: Scholz, Calbert & Smith (2011), Table 1
salience_scale: 1                                   # optional (default: detected, as parley forecast)
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parley.actors import StakeholderTable
from parley.formats.errors import ScenarioError
from parley.formats.stakeholder_csv import read_stakeholder_csv

#: The files a folder of cases holds.
CASE_SUFFIX = ".case.yaml"


class _CaseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    table: str = Field(min_length=1)
    outcome: float = Field(allow_inf_nan=False)
    source: str = Field(min_length=1, description="where the outcome comes from")
    salience_scale: float | None = Field(default=None, gt=0)


@dataclass(frozen=True)
class Case:
    """A stakeholder table and the outcome actually decided, with its source."""

    name: str
    table: StakeholderTable
    outcome: float
    source: str
    file: Path


def read_case(path: Path) -> Case:
    """The case of a case file (a ScenarioError naming the file and the field when it is wrong)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError(path, "", f"not valid YAML: {error}") from None
    try:
        spec = _CaseSpec.model_validate(data)
    except ValidationError as error:
        problem = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'the file'}: {e['msg']}" for e in error.errors()
        )
        raise ScenarioError(path, "", problem) from None
    table_path = (path.parent / spec.table).resolve()
    if not table_path.is_file():
        raise ScenarioError(path, "table", f"no table at {table_path}")
    table = read_stakeholder_csv(table_path, salience_scale=spec.salience_scale)
    return Case(spec.name, table, spec.outcome, spec.source, path)


def read_cases(folder: Path) -> list[Case]:
    """Every case file of ``folder`` (``*.case.yaml``), by name; a ScenarioError if there is none."""
    files = sorted(folder.glob(f"*{CASE_SUFFIX}"))
    if not files:
        raise ScenarioError(folder, "", f"no case files (*{CASE_SUFFIX}) in this folder")
    return [read_case(path) for path in files]
