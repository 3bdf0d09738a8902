"""The layers of ``docs/architecture.md``, enforced: every import in ``src/parley`` (top level, inside
functions and under ``TYPE_CHECKING``) runs down the order, packages import each other without cycles,
and a face (``cli``, ``report``, ``room``) imports from another package only the names it exports."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "parley"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

#: The packages, lowest first: each may import only those before it (``parley`` is the root package).
LAYERS = (
    "extras",
    "domain",
    "preferences",
    "analysis",
    "actors",
    "record",
    "negotiators",
    "protocols",
    "talks",
    "scenario",
    "batch",
    "tournament",
    "forecast",
    "formats",
    "examples",
    "report",
    "room",
    "cli",
    "parley",
)
FACES = frozenset({"cli", "report", "room"})


@dataclass(frozen=True)
class Found:
    """One import that breaks a rule: where it is and why."""

    module: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.problem}"


@dataclass(frozen=True)
class Imported:
    """One imported parley module, and the names taken from it (empty for ``import parley.x``)."""

    module: str
    names: tuple[str, ...]
    line: int


def package_of(module: str) -> str:
    """``parley.talks.stages`` → ``talks``; the root modules (``parley``, ``parley.__main__``) are
    ``parley``."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1].startswith("__"):
        return "parley"
    return parts[1]


def imports_of(module: str, source: str, is_package: bool) -> Iterator[Imported]:
    """Every parley import anywhere in ``source`` (relative imports resolved against ``module``)."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "parley" or alias.name.startswith("parley."):
                    yield Imported(alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                target = ".".join([*base[: len(base) - node.level + 1], *([target] if target else [])])
            if target == "parley" or target.startswith("parley."):
                yield Imported(target, tuple(alias.name for alias in node.names), node.lineno)


def exported(package: str) -> frozenset[str]:
    """The names in ``parley.<package>.__all__``."""
    return frozenset(getattr(importlib.import_module(f"parley.{package}"), "__all__", ()))


def check(sources: Mapping[str, tuple[str, bool]], exports: Mapping[str, frozenset[str]]) -> list[Found]:
    """Every broken rule in ``sources`` (module name → (source text, is a package ``__init__``))."""
    found: list[Found] = []
    edges: dict[str, set[str]] = {}
    for module, (source, is_package) in sorted(sources.items()):
        own = package_of(module)
        if own not in LAYERS:
            found.append(Found(module, 1, f"package {own!r} is not in the layer order"))
            continue
        for item in imports_of(module, source, is_package):
            target = package_of(item.module)
            if target == own:
                continue
            edges.setdefault(own, set()).add(target)
            if target not in LAYERS:
                found.append(Found(module, item.line, f"imports {item.module}, in no layer"))
            elif LAYERS.index(target) > LAYERS.index(own):
                found.append(
                    Found(module, item.line, f"imports {item.module} from a higher layer ({target})")
                )
            if own in FACES:
                found.extend(_face_problems(module, item, target, exports))
    found.extend(Found(p, 1, f"import cycle between packages: {' -> '.join(c)}") for p, c in _cycles(edges))
    return found


def _face_problems(
    module: str, item: Imported, target: str, exports: Mapping[str, frozenset[str]]
) -> Iterator[Found]:
    """A face takes only the names its source package exports, from the package itself."""
    if target == "parley":
        return
    if item.module != f"parley.{target}":
        yield Found(module, item.line, f"a face reaches into {item.module}; import from parley.{target}")
        return
    for name in item.names:
        if name not in exports.get(target, frozenset()):
            yield Found(module, item.line, f"parley.{target} does not export {name!r}")


def _cycles(edges: Mapping[str, set[str]]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """One cycle through each package that lies on one (depth-first search)."""
    seen: set[str] = set()
    for start in sorted(edges):
        stack = [(start, (start,))]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start and start not in seen:
                    seen.update(path)
                    yield start, (*path, start)
                elif nxt not in path:
                    stack.append((nxt, (*path, nxt)))


def parley_sources() -> dict[str, tuple[str, bool]]:
    """Every module of ``src/parley`` by dotted name, with its text."""
    sources = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        sources[name] = (path.read_text(encoding="utf-8"), is_package)
    return sources


def all_exports() -> dict[str, frozenset[str]]:
    return {package: exported(package) for package in LAYERS if package != "parley"}


# --- the tree as it is ------------------------------------------------------------------------------
def test_every_import_in_src_follows_the_layers() -> None:
    problems = check(parley_sources(), all_exports())
    assert not problems, "\n".join(map(str, problems))


def test_every_package_is_in_the_layer_order() -> None:
    packages = {p.name for p in SOURCE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LAYERS) - {"parley"}


def test_the_architecture_doc_lists_the_layers_in_this_order() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    listed = re.findall(r"^\d+\. (.+?) —", text, flags=re.MULTILINE)
    named = [name for line in listed for name in re.findall(r"`(\w+)`", line)]
    assert named == [p for p in LAYERS if p != "parley"]


# --- the test of the test ---------------------------------------------------------------------------
def _sources(**modules: str) -> dict[str, tuple[str, bool]]:
    return {name.replace("__", "."): (text, False) for name, text in modules.items()}


EXPORTS = {"talks": frozenset({"run_process"}), "domain": frozenset({"OutcomeSpace"})}


@pytest.mark.parametrize(
    ("modules", "words"),
    [
        ({"parley__domain__space": "from parley.talks import run_process\n"}, "from a higher layer (talks)"),
        (
            {"parley__talks__x": "def f():\n    from parley.cli.app import app\n"},
            "from a higher layer (cli)",
        ),
        (
            {"parley__analysis__x": "import typing\nif typing.TYPE_CHECKING:\n    import parley.room\n"},
            "from a higher layer (room)",
        ),
        ({"parley__cli__x": "from parley.talks.process import run_process\n"}, "a face reaches into"),
        ({"parley__report__x": "from parley.talks import Hidden\n"}, "does not export 'Hidden'"),
        ({"parley__gadgets__x": "import numpy\n"}, "not in the layer order"),
    ],
)
def test_a_planted_bad_import_is_caught(modules: dict[str, str], words: str) -> None:
    problems = check(_sources(**modules), EXPORTS)
    assert any(words in str(problem) for problem in problems), problems


def test_a_cycle_between_packages_is_caught() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [cycle for _, cycle in _cycles(edges)] == [("a", "b", "c", "a")]


def test_lawful_imports_pass() -> None:
    modules = {
        "parley__talks__x": "from parley.domain import OutcomeSpace\nfrom parley.talks.stages import Stage\n",
        "parley__cli__x": "from parley.talks import run_process\nfrom parley.cli.render import table\n",
    }
    assert check(_sources(**modules), EXPORTS) == []


def test_relative_imports_are_resolved() -> None:
    imported = list(imports_of("parley.room.app", "from .views import x\nfrom ..talks import y\n", False))
    assert [i.module for i in imported] == ["parley.room.views", "parley.talks"]
