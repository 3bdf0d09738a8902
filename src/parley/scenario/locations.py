"""Places inside a scenario: a path of keys and indices, written the way a person reads it."""

from __future__ import annotations

from collections.abc import Sequence

#: A place inside a scenario's data: mapping keys and list indices, outermost first.
PathT = tuple[str | int, ...]


def format_location(path: Sequence[str | int]) -> str:
    """Render a path such as ``('parties', 1, 'utility')`` as ``parties[1].utility``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
