"""``tests/`` mirrors ``src/aseagi/``: one test module per domain module that has behaviour.

``tests/<package path>/test_<module>.py`` tests ``src/aseagi/<package path>/<module>.py``; a module
tested from several angles may have several files, each named ``test_<module>_<aspect>.py``
(``tests/ingestion/parsers/test_email_alternatives.py`` tests ``ingestion/parsers/email.py``). A
package whose ``__init__.py`` holds behaviour is a module of its parent: ``tests/analysis/test_rules.py``
tests ``analysis/rules/__init__.py``. Helpers that are not test modules (``conftest.py``, builders, fake
servers, seeds) may sit next to the tests that use them.

Run ``.venv/bin/python tests/test_layout.py`` to print every violation and the figure: how many
modules of ``src/aseagi`` with behaviour (a ``def``) have at least one test module named after them.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SOURCE = TESTS.parent / "src" / "aseagi"

#: Top-level folders of ``tests/`` that mirror nothing, on purpose.
UNMIRRORED_FOLDERS: dict[str, str] = {
    "fixtures": "fixtures and sample files shared by tests of several packages",
    "ops": "system tests across packages: corpus pipeline, fault injection, backups, pooler, Compose, logs",
    "corpus": "the fictional case's generator, not tests",
}

#: Top-level test modules that test the whole tree rather than one module. Any other
#: ``tests/test_<name>.py`` names a top-level module (``src/aseagi/<name>.py``: ``app.py``, ``config.py``).
WHOLE_TREE_TESTS: dict[str, str] = {
    "test_architecture.py": "the import graph of every module",
    "test_layout.py": "this check: the layout of tests/ against src/",
    "test_runtime_dependencies.py": "every module's imports against the runtime requirements",
}


def _skipped(path: Path) -> bool:
    return path.name == "__pycache__" or path.name.startswith(".")


def _has_behaviour(module: Path) -> bool:
    """A module with behaviour defines a function or a method (a schema or constants module does not)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) for node in ast.walk(tree))


@functools.cache
def _modules(source_folder: Path) -> frozenset[str]:
    """The names a test module in the mirroring folder may start with: each module, and each sub-package
    whose ``__init__.py`` has behaviour."""
    if not source_folder.is_dir():
        return frozenset()
    names = {path.stem for path in source_folder.glob("*.py") if path.name != "__init__.py"}
    names |= {init.parent.name for init in source_folder.glob("*/__init__.py") if _has_behaviour(init)}
    return frozenset(names)


def _tested_module(test: Path) -> str | None:
    """The module of ``src/aseagi`` that a test module names (``test_<module>`` or
    ``test_<module>_<aspect>``), relative to ``src/aseagi`` without ``.py``; None when it names none."""
    folder = test.parent.relative_to(TESTS)
    stem = test.stem.removeprefix("test_")
    names = _modules(SOURCE / folder)
    candidates = [name for name in names if stem == name or stem.startswith(name + "_")]
    if not candidates:
        return None
    return (folder / max(candidates, key=len)).as_posix()


def _mirroring_folders() -> list[Path]:
    folders = []
    for folder in sorted(TESTS.rglob("*")):
        if not folder.is_dir():
            continue
        relative = folder.relative_to(TESTS)
        if relative.parts[0] in UNMIRRORED_FOLDERS or any(_skipped(Path(part)) for part in relative.parts):
            continue
        folders.append(folder)
    return folders


def _test_modules() -> list[Path]:
    modules = [path for path in sorted(TESTS.glob("test_*.py")) if path.name not in WHOLE_TREE_TESTS]
    for folder in _mirroring_folders():
        modules.extend(sorted(folder.glob("test_*.py")))
    return modules


def folder_violations() -> list[str]:
    relatives = [folder.relative_to(TESTS).as_posix() for folder in _mirroring_folders()]
    return [
        f"tests/{relative}/: no package src/aseagi/{relative}/"
        for relative in relatives
        if not (SOURCE / relative).is_dir()
    ]


def module_violations() -> list[str]:
    return [
        f"tests/{test.relative_to(TESTS).as_posix()}: names no module of "
        f"src/aseagi/{test.parent.relative_to(TESTS).as_posix()}/".replace("/./", "/")
        for test in _test_modules()
        if _tested_module(test) is None
    ]


def behaviour_modules() -> list[str]:
    """Every module of ``src/aseagi`` with behaviour, as a path relative to it without ``.py`` (a
    package's ``__init__.py`` as the package's path). Alembic revisions are data, not behaviour."""
    modules = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if relative.parts[0] == "migrations" or not _has_behaviour(path):
            continue
        name = relative.parent if path.name == "__init__.py" else relative.with_suffix("")
        if name.parts:
            modules.append(name.as_posix())
    return modules


def coverage() -> tuple[int, int, list[str]]:
    """(modules with behaviour that have a test module, modules with behaviour, those without one)."""
    tested = {_tested_module(test) for test in _test_modules()}
    modules = behaviour_modules()
    untested = [module for module in modules if module not in tested]
    return len(modules) - len(untested), len(modules), untested


def test_every_test_folder_mirrors_a_package() -> None:
    violations = folder_violations()
    assert not violations, "\n".join(violations)


def test_every_test_module_names_the_module_it_tests() -> None:
    violations = module_violations()
    assert not violations, "\n".join(violations)


def test_the_allow_lists_name_what_exists() -> None:
    assert all((TESTS / name).is_file() for name in WHOLE_TREE_TESTS)
    assert all((TESTS / name).is_dir() for name in UNMIRRORED_FOLDERS)


def test_mirrored_modules_figure() -> None:
    """The figure is printed, not asserted: not every module with behaviour needs a test module of its
    own (many are tested through the module that uses them)."""
    tested, total, _ = coverage()
    assert 0 < tested <= total
    print(f"\n{tested} of {total} modules of src/aseagi with behaviour have a test module named after them")


if __name__ == "__main__":
    for violation in folder_violations() + module_violations():
        print(violation)
    tested, total, untested = coverage()
    print(f"{tested} of {total} modules of src/aseagi with behaviour have a test module named after them")
    print("without one:", " ".join(untested))
