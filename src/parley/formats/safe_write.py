"""Writes that lose nothing: a file or folder is written whole beside its target, then moved into place.

An existing target is kept unless ``force`` is given (:class:`OverwriteError` names it and ``--force``);
a file is renamed over the old one in one step, and a folder is built beside the old one and swapped
in, so a reader never sees a half-written file or a folder half old and half new.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from parley.formats.errors import ScenarioError


class OverwriteError(ScenarioError):
    """The target of a write exists (or is the wrong kind of thing) and may not be replaced."""

    @property
    def message(self) -> str:
        """The path, then what is wrong with it: "out.yaml exists; give --force to overwrite it"."""
        return f"{self.file} {self.problem}"


def check_file_target(path: str | Path, force: bool) -> Path:
    """Raise :class:`OverwriteError` unless a file may be written at ``path``; returns it as a Path."""
    path = Path(path)
    if path.is_dir():
        raise OverwriteError(path, "", "is a folder; give the name of a file to write")
    if path.exists() and not force:
        raise OverwriteError(path, "", "exists; give --force to overwrite it")
    if not path.parent.is_dir():
        raise OverwriteError(path, "", f"cannot be written: there is no folder {path.parent}")
    return path


def check_folder_target(folder: str | Path, force: bool) -> Path:
    """Raise :class:`OverwriteError` unless a folder may be written at ``folder`` (an empty one is free)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OverwriteError(
            folder, "", "is a file, and this format is written as a folder: give a folder name (or .yaml)"
        )
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OverwriteError(folder, "", "exists and is not empty; give --force to replace it")
    return folder


def write_text_file(path: str | Path, text: str, force: bool = True) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, renamed into place."""
    path = check_file_target(path, force)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def write_folder(folder: str | Path, texts: Mapping[str, str], force: bool = True) -> list[Path]:
    """Write ``{file name: text}`` as the whole content of ``folder``: built beside it, then swapped in
    (an old folder's files are all replaced, none kept beside the new ones)."""
    folder = check_folder_target(folder, force)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.new-"))
    try:
        for name, text in texts.items():
            (fresh / name).write_text(text, encoding="utf-8")
        _swap_in(fresh, folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return [folder / name for name in texts]


def _swap_in(fresh: Path, folder: Path) -> None:
    """Move ``fresh`` to ``folder``; an old folder there is moved aside first and removed after (or put
    back if the move fails)."""
    if not folder.exists():
        fresh.rename(folder)
        return
    old = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.old-"))
    old.rmdir()
    folder.rename(old)
    try:
        fresh.rename(folder)
    except BaseException:
        old.rename(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)
