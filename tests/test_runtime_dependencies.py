"""Every module of ``aseagi`` imports only what a plain ``pip install .`` brings.

A fresh install has the runtime dependencies and nothing of the ``test`` extra: a command such as
``aseagi demo`` that imported reportlab while reportlab was a test extra failed with
``ModuleNotFoundError`` on a fresh clone. This walks every import statement of the package (also the
ones inside functions, which load lazily) and checks that its distribution is a runtime requirement
of ``aseagi`` or one of theirs.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

SOURCE = Path(__file__).resolve().parents[1] / "src" / "aseagi"


def runtime_requirements(distribution: str, extras: frozenset[str]) -> Iterator[Requirement]:
    """``distribution``'s requirements that apply without any extra, or with one of ``extras``."""
    for line in metadata.requires(distribution) or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in {"", *extras}):
            yield requirement


def runtime_closure(root: str) -> set[str]:
    """``root`` and every distribution it needs at run time, transitively (normalised names)."""
    seen: set[tuple[str, frozenset[str]]] = set()
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while pending:
        name, extras = pending.pop()
        key = (normalise(name), extras)
        if key in seen:
            continue
        seen.add(key)
        try:
            pending.extend((r.name, frozenset(r.extras)) for r in runtime_requirements(key[0], extras))
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python
    return {name for name, _ in seen}


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def imported_modules(path: Path) -> Iterator[tuple[str, int]]:
    """Top-level names of absolute imports in one file, with their line numbers."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0], node.lineno


def test_every_import_is_a_runtime_dependency() -> None:
    allowed = runtime_closure("aseagi")
    providers = metadata.packages_distributions()
    missing: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        for module, line in imported_modules(path):
            if module == "aseagi" or module in sys.stdlib_module_names or module == "__future__":
                continue
            distributions = {normalise(name) for name in providers.get(module, [])}
            if not distributions & allowed:
                where = path.relative_to(SOURCE.parent)
                provided_by = ", ".join(distributions) or "not installed"
                missing.append(f"{where}:{line} imports {module} ({provided_by})")
    assert not missing, "imports outside the runtime dependencies:\n" + "\n".join(missing)


def test_the_check_sees_a_test_only_dependency() -> None:
    """pytest is installed here but is no runtime requirement: the closure must not contain it."""
    allowed = runtime_closure("aseagi")
    assert "pytest" not in allowed
    assert {"sqlalchemy", "fastapi", "pypdfium2"} <= allowed
