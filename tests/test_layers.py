"""The house reads top to bottom: every import points down a floor or stays on its own,
and no modules import each other in a circle. Lazy imports (inside functions) and
type-only imports count: a lower floor that needs the ledger's shape says so with a
Protocol of its own, not by importing the ledger."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each module's floor is that of the longest prefix listed; higher floors may import
# lower ones, never the other way round.
FLOORS: dict[str, int] = {
    "domain": 0,
    "claims": 1,  # small shared helpers: errors, printable, atomic, failures, commands...
    "claims.storage": 1,
    "claims.audit": 2,
    "claims.extraction": 2,
    "claims.views": 2,
    "claims.activity": 3,  # the activity log: events across the store, in current shape
    "claims.projections": 3,
    "claims.similar": 4,
    "claims.report": 4,
    "claims.copying": 4,
    "claims.trust": 4,
    "claims.newsroom": 6,  # setting a newsroom up: a use case over the ledger
    "claims.ledger": 5,
    "claims.application": 5,
    "claims.setup": 6,
    "claims.demo": 6,
    "claims.cli": 7,
    "claims.__main__": 8,
}


def floor_of(module: str) -> int:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = FLOORS.get(".".join(parts[:end]))
        if found is not None:
            return found
    msg = f"{module} has no floor: add it to FLOORS"
    raise AssertionError(msg)


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in ("claims", "domain"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imported(module: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The project modules `module` imports anywhere in its text. Importing a module
    through its package (`from claims.projections import tracking`) names the module,
    not the package's `__init__`."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            submodules = [f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in known]
            yield from submodules
            if len(submodules) < len(node.names) and source in known:
                yield source


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        module: {target for target in imported(module, path, known) if target != module}
        for module, path in known.items()
    }


def test_every_import_points_down_or_stays_on_its_floor() -> None:
    upward = [
        f"{module} (floor {floor_of(module)}) imports {target} (floor {floor_of(target)})"
        for module, targets in graph().items()
        for target in sorted(targets)
        if floor_of(target) > floor_of(module)
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    edges = graph()
    circles: list[list[str]] = []
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = lowest[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                lowest[node] = min(lowest[node], lowest[target])
            elif target in on_stack:
                lowest[node] = min(lowest[node], index[target])
        if lowest[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    assert circles == []


def test_the_domain_imports_nothing_of_the_application() -> None:
    outward = [
        f"{module} imports {target}"
        for module, targets in graph().items()
        if module.startswith("domain")
        for target in targets
        if not target.startswith("domain")
    ]
    assert outward == []
