"""Folders of GENIUS XML or GeniusWeb JSON files ⇄ scenarios.

A folder holds one domain file and one profile per party, recognised by content, not by name: a
GENIUS domain is a ``negotiation_template`` or a ``utility_space`` with issues but no weights,
evaluators or utility; a GeniusWeb domain has a top-level ``issuesValues`` and a profile a
``LinearAdditiveUtilitySpace``. Self-contained profiles (issues repeated) need no domain file. Party
names are the profile file stems, parties sorted by file name. Other files are ignored; a file
that looks like XML or JSON but cannot be parsed is an error, never silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from parley.domain import OutcomeSpace
from parley.formats._xml import XmlDocument
from parley.formats.errors import ScenarioError
from parley.formats.genius_xml import classify, genius_domain, genius_profile, parse_xml
from parley.formats.genius_xml_writer import genius_domain_text, genius_profile_text
from parley.formats.geniusweb_json import (
    PROFILE_KEY,
    geniusweb_domain_text,
    geniusweb_profile_text,
    load_json,
    preferences_from_json,
    space_from_json,
)
from parley.formats.safe_write import check_folder_target, write_folder
from parley.formats.scenario_warnings import warn_suspicious_profiles
from parley.preferences import Preferences
from parley.scenario import Metadata, Party, Scenario

GENIUS_ROOTS = ("utility_space", "negotiation_template")


@dataclass(frozen=True)
class Parsed:
    """A file read once: its format (``genius`` or ``geniusweb``), its role (``domain`` or ``profile``)
    and its parsed content, which the readers below build from without reading the file again."""

    path: Path
    format: str
    role: str
    content: XmlDocument | object


def detect(path: Path) -> Parsed | None:
    """The parsed file with its format and role, or None for a file that is neither format's."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        doc = parse_xml(path)
        return Parsed(path, "genius", classify(doc), doc) if doc.root.tag in GENIUS_ROOTS else None
    if suffix == ".json":
        data = load_json(path)
        if isinstance(data, dict) and "issuesValues" in data:
            return Parsed(path, "geniusweb", "domain", data)
        if isinstance(data, dict) and PROFILE_KEY in data:
            return Parsed(path, "geniusweb", "profile", data)
    return None


def load_domain(path: str | Path, real_steps: int = 11) -> OutcomeSpace:
    """The outcome space of one GENIUS or GeniusWeb domain file (or self-contained profile)."""
    parsed = detect(Path(path))
    if parsed is None:
        raise ScenarioError(path, "", "not a GENIUS XML or GeniusWeb JSON file")
    return _domain(parsed, real_steps)


def load_profile(path: str | Path, space: OutcomeSpace | None = None, real_steps: int = 11) -> Preferences:
    """One profile file, self-contained (its own issues or embedded domain) unless ``space`` is given."""
    parsed = detect(Path(path))
    if parsed is None or parsed.role != "profile":
        raise ScenarioError(
            path, "", "not a GENIUS or GeniusWeb profile (no weights, evaluations or utility)"
        )
    return _profile(parsed, space, real_steps)


def _domain(parsed: Parsed, real_steps: int) -> OutcomeSpace:
    if isinstance(parsed.content, XmlDocument):
        return genius_domain(parsed.content, real_steps)
    if parsed.role == "profile":
        return preferences_from_json(parsed.content, parsed.path).space
    return space_from_json(parsed.content, parsed.path)


def _profile(parsed: Parsed, space: OutcomeSpace | None, real_steps: int) -> Preferences:
    if isinstance(parsed.content, XmlDocument):
        return genius_profile(parsed.content, space, real_steps)
    return preferences_from_json(parsed.content, parsed.path, space)


def load_folder(path: Path, real_steps: int = 11) -> Scenario:
    """The scenario held by a folder of GENIUS or GeniusWeb files (see the module docstring)."""
    path = Path(path)
    if not path.is_dir():
        raise ScenarioError(path, "", "not a folder")
    found = [
        parsed
        for f in sorted(path.iterdir(), key=lambda p: p.name)
        if f.is_file() and (parsed := detect(f)) is not None
    ]
    formats = {parsed.format for parsed in found}
    if len(formats) != 1:
        problem = (
            "mixes GENIUS XML and GeniusWeb JSON files" if formats else "holds no GENIUS or GeniusWeb file"
        )
        raise ScenarioError(path, "", problem)
    domains = [parsed for parsed in found if parsed.role == "domain"]
    profiles = [parsed for parsed in found if parsed.role == "profile"]
    if len(domains) > 1:
        names = ", ".join(parsed.path.name for parsed in domains)
        raise ScenarioError(path, "", f"more than one domain file: {names}")
    if not profiles:
        raise ScenarioError(path, "", "no profile files (a profile has weights, evaluations or a utility)")
    space = _domain(domains[0] if domains else profiles[0], real_steps)
    parties = tuple(Party(p.path.stem, _profile(p, space, real_steps)) for p in profiles)
    scenario = Scenario(space, parties, Metadata(title=path.name))
    warn_suspicious_profiles(scenario, [p.path for p in profiles])
    return scenario


def _safe(name: str) -> str:
    """A file-name stem made of letters, digits, ``._-`` and spaces."""
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", name).strip(" .")
    return stem or "party"


def file_stems(names: Iterable[str], reserved: str = "domain") -> list[str]:
    """Distinct sanitised stems for ``names``, none equal (case-insensitively) to ``reserved``."""
    taken, stems = {reserved.lower()}, []
    for name in names:
        stem, n = _safe(name), 2
        base = stem
        while stem.lower() in taken:
            stem, n = f"{base}-{n}", n + 1
        taken.add(stem.lower())
        stems.append(stem)
    return stems


def save_genius(scenario: Scenario, folder: Path, force: bool = True) -> list[Path]:
    """Write ``domain.xml`` and one self-contained GENIUS profile per party as the folder ``folder``.

    Every file is rendered before any is written, so a scenario GENIUS cannot hold changes nothing; an
    existing folder is replaced whole (refused unless ``force``; see :mod:`parley.formats.safe_write`).
    """
    folder = check_folder_target(folder, force)
    texts = {folder / "domain.xml": genius_domain_text(scenario.space, folder / "domain.xml")}
    for party, stem in zip(scenario.parties, file_stems(scenario.party_names), strict=True):
        texts[folder / f"{stem}.xml"] = genius_profile_text(party.preferences, folder / f"{stem}.xml")
    return _write_all(folder, texts, force)


def save_geniusweb(
    scenario: Scenario, folder: Path, ignore_discount: bool = False, force: bool = True
) -> list[Path]:
    """Write ``domain.json`` and one GeniusWeb profile per party as the folder ``folder`` (all or
    nothing; an existing folder is replaced whole, refused unless ``force``)."""
    folder = check_folder_target(folder, force)
    domain_name = _safe(scenario.metadata.title or folder.name)
    texts = {
        folder / "domain.json": geniusweb_domain_text(scenario.space, folder / "domain.json", domain_name)
    }
    for party, stem in zip(scenario.parties, file_stems(scenario.party_names), strict=True):
        path = folder / f"{stem}.json"
        texts[path] = geniusweb_profile_text(party.preferences, path, stem, domain_name, ignore_discount)
    return _write_all(folder, texts, force)


def _write_all(folder: Path, texts: dict[Path, str], force: bool) -> list[Path]:
    """Write the rendered files as the whole content of ``folder`` (built beside it, then swapped in)."""
    return write_folder(folder, {path.name: text for path, text in texts.items()}, force)
