"""One error type for every bad input file: it names the file, the place inside it and the problem."""

from __future__ import annotations

from pathlib import Path


class ScenarioError(ValueError):
    """A scenario, domain or profile file that cannot be read; ``str()`` is a complete message."""

    def __init__(self, file: str | Path | None, location: str, problem: str, line: int | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.location = location
        self.problem = problem
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f", line {self.line}"
        if self.location:
            where += f", at {self.location}"
        return f"{where}: {self.problem}"
