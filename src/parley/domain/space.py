"""The outcome space: the product of the issues, less the combinations constraints rule out.

Outcomes are rows of a small-integer array (one column per issue, holding option indices). The space
never materialises more than one chunk at a time: it counts, enumerates and samples spaces of
10^20 outcomes and more without running out of memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from parley.domain.constraints import CompiledConstraint, Condition, Constraint
from parley.domain.issues import Issue, IssueError, Value
from parley.domain.radix import decode, digits_of, split_for_int64

DEFAULT_CHUNK = 1 << 16
#: Largest product of constrained issues that is enumerated to count or sample feasible outcomes.
CONSTRAINED_PRODUCT_LIMIT = 20_000_000


class SpaceTooLargeError(ValueError):
    """An operation would need to materialise more outcomes than it is allowed to."""


def _approx(count: int, spec: str) -> str:
    """``count`` formatted with float ``spec``, or as a power of ten beyond the float range."""
    try:
        return format(count, spec)
    except OverflowError:
        return f"~10^{math.floor(math.log10(count))}"


@dataclass(frozen=True)
class OutcomeSpace:
    """Every package that could be agreed: one option per issue, subject to ``constraints``."""

    issues: tuple[Issue, ...]
    constraints: tuple[Constraint, ...] = ()
    _compiled: tuple[CompiledConstraint, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "issues", tuple(self.issues))
        object.__setattr__(self, "constraints", tuple(self.constraints))
        if not self.issues:
            raise IssueError("an outcome space needs at least one issue")
        names = [issue.name for issue in self.issues]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise IssueError(f"issue names must be unique; repeated: {', '.join(duplicated)}")
        compiled = tuple(CompiledConstraint.build(c, self.issues) for c in self.constraints)
        object.__setattr__(self, "_compiled", compiled)

    # --- shape -----------------------------------------------------------------------------------
    @property
    def issue_names(self) -> tuple[str, ...]:
        return tuple(issue.name for issue in self.issues)

    @cached_property
    def sizes(self) -> np.ndarray:
        """Number of options of each issue, as an int64 array."""
        return np.array([issue.size for issue in self.issues], dtype=np.int64)

    @cached_property
    def dtype(self) -> np.dtype:
        """The smallest signed integer type that holds every option index."""
        return np.dtype(np.min_scalar_type(-int(self.sizes.max())))

    def issue_position(self, name: str) -> int:
        """Column of the issue called ``name``."""
        try:
            return self.issue_names.index(name)
        except ValueError:
            raise IssueError(f"the outcome space has no issue {name!r}") from None

    @cached_property
    def cardinality(self) -> int:
        """Number of outcomes ignoring constraints: the exact product of the issue sizes."""
        return math.prod(issue.size for issue in self.issues)

    @cached_property
    def feasible_count(self) -> int:
        """Exact number of feasible outcomes, however large the space."""
        if not self._compiled:
            return self.cardinality
        free = math.prod(int(self.sizes[i]) for i in self.free_positions)
        return len(self.feasible_constrained_combinations) * free

    def __len__(self) -> int:
        count = self.feasible_count
        if count > np.iinfo(np.int64).max:
            raise OverflowError(
                f"len() cannot hold {_approx(count, '.3e')} outcomes; use OutcomeSpace.feasible_count"
            )
        return count

    # --- feasibility -----------------------------------------------------------------------------
    def feasible(self, outcomes: np.ndarray) -> np.ndarray:
        """Boolean mask of the rows of ``outcomes`` that no constraint rules out."""
        ok = np.ones(len(outcomes), dtype=bool)
        for constraint in self._compiled:
            ok &= ~constraint.violated(outcomes)
        return ok

    def condition_mask(self, condition: Condition) -> tuple[int, np.ndarray]:
        """``(issue column, option mask)`` of a condition: the mask is True where it holds."""
        position = self.issue_position(condition.issue)
        return position, condition.mask(self.issues[position])

    def validate(self, outcomes: np.ndarray) -> np.ndarray:
        """Check that ``outcomes`` is an array of valid option indices; returns it as this space's dtype."""
        array = np.asarray(outcomes)
        if array.ndim != 2 or array.shape[1] != len(self.issues):
            raise IssueError(f"outcomes must have shape (n, {len(self.issues)}), got {array.shape}")
        if array.size and ((array < 0).any() or (array >= self.sizes).any()):
            raise IssueError("outcomes hold option indices outside their issues' ranges")
        return array.astype(self.dtype, copy=False)

    # --- enumeration and sampling ----------------------------------------------------------------
    def enumerate(self, chunk_size: int = DEFAULT_CHUNK) -> Iterator[np.ndarray]:
        """Yield the feasible outcomes in lexicographic order, at most ``chunk_size`` rows at a time."""
        split = split_for_int64(self.sizes)
        high_sizes, low_sizes = self.sizes[:split], self.sizes[split:]
        low_count = math.prod(int(s) for s in low_sizes)
        for high in range(math.prod(int(s) for s in high_sizes)):
            prefix = np.array(digits_of(high, high_sizes), dtype=self.dtype)
            for start in range(0, low_count, chunk_size):
                flat = np.arange(start, min(start + chunk_size, low_count), dtype=np.int64)
                rows = np.empty((len(flat), len(self.issues)), dtype=self.dtype)
                rows[:, :split] = prefix
                rows[:, split:] = decode(flat, low_sizes)
                rows = rows[self.feasible(rows)]
                if len(rows):
                    yield rows

    def all_outcomes(self, limit: int = 10_000_000) -> np.ndarray:
        """Every feasible outcome in one array; refuses spaces with more than ``limit`` outcomes."""
        if self.cardinality > limit:
            raise SpaceTooLargeError(
                f"the space has {_approx(self.cardinality, '.3g')} outcomes, more than the limit of {limit}; "
                "enumerate it in chunks or sample it"
            )
        chunks = list(self.enumerate(chunk_size=max(1, min(limit, 1 << 20))))
        if not chunks:
            return np.empty((0, len(self.issues)), dtype=self.dtype)
        return np.concatenate(chunks)

    def sample(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """``count`` outcomes drawn uniformly (with replacement) among the feasible ones.

        Exact: uniform over the feasible combinations of the constrained issues (all other issues
        independently uniform). When the constrained issues span too many combinations to list,
        rejection sampling (uniform draws, infeasible ones redrawn) is equally uniform.
        """
        rows = rng.integers(0, self.sizes, size=(count, len(self.issues))).astype(self.dtype)
        if not self._compiled:
            return rows
        try:
            combinations = self.feasible_constrained_combinations
        except SpaceTooLargeError:
            return self._rejection_sample(rows, rng)
        if not len(combinations):
            raise IssueError("the constraints leave no feasible outcome to sample")
        rows[:, self.constrained_positions] = combinations[rng.integers(0, len(combinations), size=count)]
        return rows

    def _rejection_sample(
        self, rows: np.ndarray, rng: np.random.Generator, attempts: int = 1000
    ) -> np.ndarray:
        """Redraw infeasible rows until all are feasible (gives up when feasibility is vanishingly rare)."""
        for _ in range(attempts):
            bad = np.flatnonzero(~self.feasible(rows))
            if not len(bad):
                return rows
            rows[bad] = rng.integers(0, self.sizes, size=(len(bad), len(self.issues))).astype(self.dtype)
        raise SpaceTooLargeError(
            f"feasible outcomes are too rare to sample by rejection, and the constraints span too many "
            f"option combinations (more than {CONSTRAINED_PRODUCT_LIMIT:,}) to list"
        )

    # --- conversions ------------------------------------------------------------------------------
    def outcome(self, values: Mapping[str, Value]) -> np.ndarray:
        """The index row of the package given as ``{issue name: value}`` (every issue named once)."""
        missing = [name for name in self.issue_names if name not in values]
        unknown = [name for name in values if name not in self.issue_names]
        if missing or unknown:
            raise IssueError(f"package must name every issue once; missing {missing}, unknown {unknown}")
        return np.array([issue.index_of(values[issue.name]) for issue in self.issues], dtype=self.dtype)

    def values_of(self, outcome: Sequence[int] | np.ndarray) -> dict[str, Value]:
        """The package ``{issue name: value}`` of one index row."""
        return {issue.name: issue.value(int(i)) for issue, i in zip(self.issues, outcome, strict=True)}

    # --- helpers for constrained spaces --------------------------------------------------------------
    @cached_property
    def constrained_positions(self) -> np.ndarray:
        """Columns of the issues some constraint reads."""
        names = {name for constraint in self.constraints for name in constraint.issue_names}
        return np.array([i for i, n in enumerate(self.issue_names) if n in names], dtype=np.int64)

    @cached_property
    def free_positions(self) -> np.ndarray:
        """Columns of the issues no constraint reads: any of their options combines with anything."""
        return np.setdiff1d(np.arange(len(self.issues)), self.constrained_positions)

    @cached_property
    def feasible_constrained_combinations(self) -> np.ndarray:
        """Every feasible combination of the constrained issues' options (the others do not matter),
        as rows over :attr:`constrained_positions`."""
        positions = self.constrained_positions
        sub_sizes = self.sizes[positions]
        total = math.prod(int(s) for s in sub_sizes)
        if total > CONSTRAINED_PRODUCT_LIMIT:
            raise SpaceTooLargeError(
                f"constraints span {_approx(total, '.3g')} option combinations, "
                f"more than {CONSTRAINED_PRODUCT_LIMIT}"
            )
        kept = []
        for start in range(0, total, DEFAULT_CHUNK * 16):
            flat = np.arange(start, min(start + DEFAULT_CHUNK * 16, total), dtype=np.int64)
            rows = np.zeros((len(flat), len(self.issues)), dtype=self.dtype)
            rows[:, positions] = decode(flat, sub_sizes)
            kept.append(rows[self.feasible(rows)][:, positions])
        return np.concatenate(kept)
