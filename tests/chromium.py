"""The machine's Chromium for the browser tests: where it is, how to start it, and the skip without it.

The tests never download a browser: they use ``/usr/bin/chromium`` (``.ci/run`` installs Debian's
package) through Playwright, and skip with a message when either is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Headless, and without the background connections a closed network refuses.
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def playwright_or_skip() -> ModuleType:
    """``playwright.sync_api``; skips the calling test module when Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install it (apt-get install chromium) to run the browser tests",
            allow_module_level=True,
        )
    return pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing (pip install -e '.[dev]')"
    )


def keep_screenshot(path: Path, name: str | None = None) -> None:
    """Copy a browser test's screenshot into ``$PARLEY_ARTIFACTS`` when that is set (as ``name``, by
    default its own file name)."""
    artifacts = os.environ.get("PARLEY_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(artifacts) / (name or path.name))
