"""The layer rules of the README's architecture section, read from the code: who may import what, and no
import circle among the application modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "models", "nlp", "registry", "emulator")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path) -> set[str]:
    """Modules the file imports, at its top or inside a function (TYPE_CHECKING blocks left out)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    found.add(submodule if submodule in MODULES else child.module)
    return found


MODULES = {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
IMPORTS = {name: _top_level_imports(path) for name, path in MODULES.items()}
"""What each module imports; `from package import submodule` counts as importing the submodule."""


def _importers_of(prefix: str) -> set[str]:
    return {
        name
        for name, imported in IMPORTS.items()
        if any(module == prefix or module.startswith(prefix + ".") for module in imported)
    }


def _outside(names: set[str], *allowed: str) -> set[str]:
    return {name for name in names if not name.startswith(allowed)}


@pytest.mark.parametrize(
    ("library", "allowed"),
    [("linebot", ("bot", "emulator")), ("pythainlp", ("nlp",)), ("flask", ("bot", "emulator"))],
)
def test_libraries_stay_in_their_layers(library: str, allowed: tuple[str, ...]) -> None:
    assert _outside(_importers_of(library), *allowed) == set()


def test_the_worker_never_imports_the_web_room() -> None:
    assert {name for name in _importers_of("bot.web") if name.startswith("bot.worker")} == set()


def test_no_import_circle_among_the_application_modules() -> None:
    graph = {
        name: {target for target in imported if target in MODULES and target != name}
        for name, imported in IMPORTS.items()
    }
    circles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []
