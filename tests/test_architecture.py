"""The shape of the package: stages that import one way, modules and functions of a readable size, and no module
reaching into another's private names.

Imports are read from the source (``ast``), lazy ones inside functions included, so that a cycle cannot hide
behind an import written in a function body.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "lawdiff"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80
#: A function longer than MAX_FUNCTION_LINES says why in a comment starting with this, just above its ``def``.
LONG_FUNCTION_REASON = "# long:"


def modules() -> dict[str, Path]:
    """Return every module of the package by its dotted name (a package by its ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = modules()


def imported(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """Return (module, names, line) for every ``import``/``from … import`` of lawdiff modules in a module, wherever it
    stands (top level, inside functions, under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                base = ".".join(parent[:len(parent) - node.level + 1] + ([base] if base else []))
            if base == "lawdiff" or base.startswith("lawdiff."):
                names = [alias.name for alias in node.names]
                # "from lawdiff.x import y" may import the module lawdiff.x.y
                targets = [f"{base}.{n}" if f"{base}.{n}" in MODULES else base for n in names]
                for target in dict.fromkeys(targets):
                    out.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(alias.name, [], node.lineno) for alias in node.names if alias.name.startswith("lawdiff")]
    return out


def graph() -> dict[str, set[str]]:
    return {name: {target for target, _, _ in imported(name, path) if target in MODULES and target != name}
            for name, path in MODULES.items()}


def test_there_are_no_import_cycles() -> None:
    edges = graph()
    # a package's __init__ importing its own submodules (to re-export them) is not a cycle of the design
    for name in edges:
        edges[name] = {t for t in edges[name] if not (MODULES[name].name == "__init__.py" and t.startswith(name + "."))}
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_the_stages_import_one_way() -> None:
    """import → amend → diff → render: a stage imports only the stages before it (and the AKN layer)."""
    order = ["lawdiff.errors", "lawdiff.dates", "lawdiff.files", "lawdiff.akn", "lawdiff.importing", "lawdiff.amending", "lawdiff.analysis",
             "lawdiff.diffing", "lawdiff.rendering"]

    def rank(module: str) -> int | None:
        return next((i for i, stage in enumerate(order) if module == stage or module.startswith(stage + ".")), None)

    wrong = []
    for name, targets in graph().items():
        mine = rank(name)
        if mine is None:
            continue
        wrong += [f"{name} imports {t}" for t in sorted(targets) if (r := rank(t)) is None or r > mine]
    assert not wrong, wrong


def test_no_module_is_over_800_lines() -> None:
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_long_functions_say_why() -> None:
    unexplained = []
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(source))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and not source[first - 2].strip().startswith(LONG_FUNCTION_REASON):
                    unexplained.append(f"{name}.{node.name} ({length} lines)")
    assert not unexplained, unexplained


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [f"{name}:{line} imports {n} from {target}" for name, path in MODULES.items()
               for target, names, line in imported(name, path) for n in names
               if n.startswith("_") and not n.startswith("__")]
    assert not private, private


@pytest.mark.parametrize("name", ["lawdiff.site", "lawdiff.site.state"])
def test_a_no_op_build_does_not_load_the_builder(name: str) -> None:
    """``lawdiff build`` on an unchanged site answers from `lawdiff.site.state`: it and the package's __init__
    import nothing heavier than the standard library (lawdiff's errors and file locations are)."""
    light = {"lawdiff.errors", "lawdiff.locations"}
    assert {t for t, _, _ in imported(name, MODULES[name])} <= light
    for module in light:
        assert {t for t, _, _ in imported(module, MODULES[module])} == set()


def test_the_readme_describes_every_folder_and_module() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture"):]
    section = section[:section.index("\n## ", 1)]
    missing = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
               if path.name != "__init__.py" and path.name not in section]
    missing += [f"{folder.name}/" for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
                if f"{folder.name}/" not in section]
    assert not missing, f"not in the README's architecture section: {missing}"
