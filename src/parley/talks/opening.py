"""The opening text of a stage: a named draft (or the last text on the table), completed by the opener.

Single negotiating text practice (Raiffa, *The Art and Science of Negotiation*, Harvard University
Press 1982, ch. 17): interrupted talks resume from the text already on paper. A draft may settle only
some of a stage's issues (the rest bracketed); the opener fills those with its own best options: the
opening is the opener's best package among those holding the draft's options, or, when no feasible
package holds them all, the package differing from the draft on the fewest issues.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators import candidate_outcomes
from parley.preferences import Preferences


def opening_package(
    space: OutcomeSpace, preferences: Preferences, options: Mapping[str, int], rng: np.random.Generator
) -> tuple[int, ...]:
    """The opening package over ``space`` (a stage's) from a draft's ``options`` (issue → option index);
    ``rng`` samples the candidates of a large space."""
    outcomes = candidate_outcomes(space, rng)
    if not len(outcomes):
        raise ValueError("the stage has no feasible package to open with")
    positions = [space.issue_position(name) for name in options if name in space.issue_names]
    wanted = np.array([options[space.issue_names[p]] for p in positions], dtype=np.int64)
    differing = (outcomes[:, positions] != wanted).sum(axis=1) if positions else np.zeros(len(outcomes))
    closest = differing == differing.min()
    utilities = np.where(closest, preferences.evaluate(outcomes), -np.inf)
    return tuple(int(i) for i in outcomes[int(np.argmax(utilities))])
