"""Reading a package from a request: ``{issue: value}`` or option indices, checked against the space."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from parley.domain import OutcomeSpace, RealIssue, Value
from parley.room.table import MoveRefusedError

#: A package as people name it, ``{issue: option value}`` (the engine's form: a tuple of option indices).
NamedPackage: TypeAlias = dict[str, Value]


def package_indices(
    space: OutcomeSpace, package: NamedPackage | None, indices: Sequence[int] | None
) -> tuple[int, ...] | None:
    """The package's option indices (None if neither form is given); 422 MoveRefusedError if it is not a
    complete package of ``space``."""
    if package is not None and indices is not None:
        raise MoveRefusedError("give the package either as 'package' or as 'indices', not both", 422)
    if indices is not None:
        return tuple(int(i) for i in indices)  # ranges are checked with the move
    if package is None:
        return None
    names = [issue.name for issue in space.issues]
    unknown = sorted(set(package) - set(names))
    if unknown:
        raise MoveRefusedError(f"package: no issue {unknown[0]!r}; issues: {', '.join(names)}", 422)
    missing = [name for name in names if name not in package]
    if missing:
        raise MoveRefusedError(
            f"package: no value for issue {missing[0]!r} (a package names every issue)", 422
        )
    found = []
    for issue in space.issues:
        value = package[issue.name]
        try:
            index = issue.index_of(value)
        except (ValueError, KeyError, TypeError) as error:
            message = error.args[0] if error.args else str(error)
            raise MoveRefusedError(f"package.{issue.name}: {message}", 422) from None
        if isinstance(issue, RealIssue) and not _on_grid(issue, index, value):
            options = ", ".join(f"{issue.value(i):g}" for i in range(issue.size))
            raise MoveRefusedError(
                f"package.{issue.name}: {value!r} is not one of the options {options}", 422
            )
        found.append(index)
    return tuple(found)


def _on_grid(issue: RealIssue, index: int, value: Value) -> bool:
    """Whether ``value`` is the grid point ``index`` (up to rounding), not merely the nearest one: a
    package is never silently moved to another value than the one the delegation named."""
    span = max(1.0, abs(issue.high - issue.low))
    return abs(issue.value(index) - float(value)) <= 1e-9 * span
