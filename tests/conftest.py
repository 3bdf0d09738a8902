"""Shared fixtures: where the shared negotiation data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def find_shared_dir() -> Path | None:
    """``../shared`` next to the repository root, or None when it is not there."""
    candidate = REPO_ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder; skips the test when it is absent."""
    found = find_shared_dir()
    if found is None:
        pytest.skip(f"shared/ not found at {REPO_ROOT.parent / 'shared'}; the shared-data tests need it")
    return found
