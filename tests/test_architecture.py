"""The import graph of ``src/aseagi``: no cycles, the app factory on top, names that say what they hold.

Every ``import`` is read with :mod:`ast`, wherever it stands: at module level, under
``if TYPE_CHECKING:`` and inside functions. A cycle through a ``TYPE_CHECKING`` or a deferred
(in-function) import is still a cycle: it only hides the tangle from the interpreter, not from a reader.

Run ``.venv/bin/python tests/test_architecture.py`` to print the figures; for an older tree, give its
``src`` folder and its app factory: ``tests/test_architecture.py /tmp/old/src aseagi.api.app``.
"""

from __future__ import annotations

import ast
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT_PACKAGE = "aseagi"

#: The module that builds the FastAPI application from every domain's router.
APP_FACTORY = "aseagi.app"
#: The only modules allowed to import the app factory: the server entry points above it.
APP_FACTORY_IMPORTERS = frozenset({"aseagi.cli", "aseagi.__main__"})

#: What the shared HTTP edge (``api/``: dependencies, error responses, fields) may import. Every
#: endpoint imports it, so it must sit below every domain; ``security.tokens`` authenticates a request.
API_MAY_IMPORT = ("aseagi.api", "aseagi.kit", "aseagi.config", "aseagi.models", "aseagi.security.tokens")

#: Final names that several packages use, each for the same kind of thing (the domain layout of
#: STYLE.md and its equivalents in the interfaces). Any other name held by two modules is a clash.
CONVENTIONAL_NAMES: dict[str, str] = {
    "__init__": "a package",
    "__main__": "the ``python -m`` entry point",
    "schemas": "a domain's Pydantic request and response models",
    "repository": "a domain's SQL",
    "service": "a domain's rules",
    "endpoints": "a domain's FastAPI router",
    "tasks": "a domain's procrastinate jobs",
    "app": "what one process runs: the FastAPI factory, the bot's Application, Streamlit's, procrastinate's",
    "client": "an HTTP client of one outside service: the ASEAGI API (bot, dashboards), Anthropic (llm)",
    "config": "configuration: ``aseagi.config`` the process's settings, ``bot.config`` the bot's",
    "pipeline": "a domain's ordered steps with no database (STYLE.md): a file's ingestion, a binder's build",
}

#: Packages whose modules are named after the thing they serve elsewhere, by convention:
#: ``models/<table>.py`` holds a table's model, ``cli/<group>.py`` a Typer group of commands,
#: ``bot/handlers/<group>.py`` the commands of one group, ``dashboards/views/<page>.py`` one page,
#: ``migrations/versions/*`` Alembic revisions. A name there does not clash with the domain it serves.
MIRRORING_PACKAGES = frozenset(
    {
        "aseagi.models",
        "aseagi.cli",
        "aseagi.bot.handlers",
        "aseagi.dashboards.views",
        "aseagi.migrations.versions",
    }
)

MODULE_LEVEL = "module"
TYPE_CHECKING_ONLY = "TYPE_CHECKING"
DEFERRED = "in-function"


@dataclass(frozen=True)
class Import:
    """One import statement's edge between two modules of the package."""

    source: str
    """The importing module, dotted."""
    target: str
    """The imported module (``from a import b`` names ``a.b`` when that is a module, else ``a``)."""
    kind: str
    """``module``, ``TYPE_CHECKING`` or ``in-function``: where the statement stands."""
    line: int


def module_files(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for its ``__init__``)."""
    modules = {}
    for path in sorted((src / ROOT_PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST, kind: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, kind
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            yield from _statements(ast.Module(body=child.body, type_ignores=[]), TYPE_CHECKING_ONLY)
            yield from _statements(ast.Module(body=child.orelse, type_ignores=[]), kind)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _statements(child, DEFERRED if kind == MODULE_LEVEL else kind)
        else:
            yield from _statements(child, kind)


def imports(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """The imports of ``module`` that name modules of the package."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for statement, kind in _statements(ast.parse(path.read_text(), str(path)), MODULE_LEVEL):
        if isinstance(statement, ast.Import):
            names = [alias.name for alias in statement.names]
        else:
            base = statement.module or ""
            if statement.level:
                anchor = package.split(".")[: len(package.split(".")) - (statement.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in statement.names
            ]
        targets: set[str] = set()
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        found.extend(Import(module, target, kind, statement.lineno) for target in sorted(targets))
    return found


@functools.cache
def import_graph(src: Path = SRC) -> list[Import]:
    modules = module_files(src)
    return [edge for module, path in modules.items() for edge in imports(module, path, modules)]


def cycles(edges: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return sorted(components, key=lambda component: (-len(component), component))


def wrong_way_imports(edges: list[Import]) -> list[Import]:
    """Imports of the app factory from anywhere but the entry points above it."""
    return [
        edge
        for edge in edges
        if edge.target == APP_FACTORY
        and not any(
            edge.source == allowed or edge.source.startswith(allowed + ".")
            for allowed in APP_FACTORY_IMPORTERS
        )
    ]


def api_imports_of_domains(edges: list[Import]) -> list[Import]:
    """Imports from the shared HTTP edge (``api/``) into a domain: they make api/ both above and below."""
    return [
        edge
        for edge in edges
        if _within(edge.source, ("aseagi.api",))
        and edge.target != ROOT_PACKAGE
        and not _within(edge.target, API_MAY_IMPORT)
    ]


def _within(module: str, packages: tuple[str, ...] | frozenset[str]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _stem(name: str) -> str:
    """``cases`` and ``case``, ``violations`` and ``violation`` are one name to a reader."""
    return re.sub(r"(?<=[a-z])(?<![siu])s$", "", name)


def clashing_names(modules: dict[str, Path] | None = None) -> dict[str, list[str]]:
    """Final names (singular and plural as one) held by modules of more than one package."""
    modules = module_files() if modules is None else modules
    holders: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        parent, _, name = module.rpartition(".")
        if not parent or parent in MIRRORING_PACKAGES or name in CONVENTIONAL_NAMES:
            continue
        holders[_stem(name)].append(module)
    return {name: sorted(held) for name, held in sorted(holders.items()) if len(held) > 1}


def test_no_import_cycles() -> None:
    edges = import_graph()
    found = cycles(edges)
    described = [
        " -> ".join(component)
        + "\n    "
        + "\n    ".join(
            f"{edge.source}:{edge.line} imports {edge.target} ({edge.kind})"
            for edge in edges
            if edge.source in component and edge.target in component
        )
        for component in found
    ]
    assert not found, "import cycles:\n" + "\n".join(described)


def test_app_factory_sits_above_every_domain() -> None:
    modules = module_files()
    assert APP_FACTORY in modules, f"the app factory moved: update APP_FACTORY ({APP_FACTORY})"
    wrong = [f"{edge.source}:{edge.line} ({edge.kind})" for edge in wrong_way_imports(import_graph())]
    assert not wrong, f"only {sorted(APP_FACTORY_IMPORTERS)} may import {APP_FACTORY}: {wrong}"


def test_shared_http_edge_imports_no_domain() -> None:
    wrong = [
        f"{edge.source}:{edge.line} imports {edge.target}" for edge in api_imports_of_domains(import_graph())
    ]
    assert not wrong, f"api/ may only import {API_MAY_IMPORT}: {wrong}"


def test_no_two_modules_of_one_name() -> None:
    assert not clashing_names(), clashing_names()


def test_the_checker_sees_type_checking_and_deferred_imports(tmp_path: Path) -> None:
    package = tmp_path / ROOT_PACKAGE
    (package / "kit").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "kit" / "__init__.py").write_text("")
    (package / "kit" / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from aseagi.kit.b import B\n"
    )
    (package / "kit" / "b.py").write_text("def f():\n    from . import a\n")
    edges = import_graph(tmp_path)
    assert {(edge.source, edge.target, edge.kind) for edge in edges} == {
        ("aseagi.kit.a", "aseagi.kit.b", TYPE_CHECKING_ONLY),
        ("aseagi.kit.b", "aseagi.kit.a", DEFERRED),
    }
    assert cycles(edges) == [["aseagi.kit.a", "aseagi.kit.b"]]


def main(src: Path = SRC, app_factory: str = APP_FACTORY) -> None:
    modules = module_files(src)
    edges = import_graph(src)
    by_kind: dict[str, int] = defaultdict(int)
    for edge in edges:
        by_kind[edge.kind] += 1
    found = cycles(edges)
    print(f"modules: {len(modules)}")
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items()))
    print(f"import statements between them: {len(edges)} ({kinds})")
    print(f"cycles: {len(found)} (sizes {[len(component) for component in found]})")
    for component in found:
        inner = [edge for edge in edges if edge.source in component and edge.target in component]
        used = ", ".join(sorted({edge.kind for edge in inner}))
        print(f"  {len(component)} modules, {len(inner)} imports ({used}): {' '.join(component)}")
    wrong = [
        edge
        for edge in edges
        if edge.target == app_factory and not _within(edge.source, APP_FACTORY_IMPORTERS)
    ]
    print(f"imports of the app factory {app_factory} from below it: {len(wrong)}")
    for edge in wrong:
        print(f"  {edge.source}:{edge.line} ({edge.kind})")
    into_domains = api_imports_of_domains(edges)
    print(
        f"imports from the shared api/ into domains: {len(into_domains)} "
        f"({len({(edge.source, edge.target) for edge in into_domains})} module pairs)"
    )
    for edge in into_domains:
        print(f"  {edge.source}:{edge.line} -> {edge.target} ({edge.kind})")
    clashes = clashing_names(modules)
    print(f"clashing names: {len(clashes)}")
    for name, held in clashes.items():
        print(f"  {name}: {' '.join(held)}")


if __name__ == "__main__":
    import sys

    main(*(Path(sys.argv[1]), sys.argv[2]) if len(sys.argv) > 2 else ())
