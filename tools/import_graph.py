"""Find import cycles in a package: the graph of which module imports which.

Reads every ``.py`` file below the package folder with :mod:`ast` (nothing
is imported or run) and draws an edge for each ``import`` and ``from ...
import`` of a module of the package, wherever it stands: at the top, inside
a function (a lazy import is still a dependency) or under ``TYPE_CHECKING``.
``from pkg import name`` points at the submodule ``pkg.name`` when there is
one, else at ``pkg`` itself. Prints each cycle (a strongly connected group
of modules) and exits with 1 if there is any, else says there is none.

    python tools/import_graph.py                 # src/mpdemos
    python tools/import_graph.py path/to/package
    python tools/import_graph.py --edges         # also print every import
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_names(package: Path) -> dict[str, Path]:
    """Every module below ``package`` by dotted name (``pkg.sub.mod``)."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that module ``name`` (at ``path``) imports."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..y import z
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[:len(here) - node.level + 1]
                base = ".".join(here + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules
                       else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # import pkg.sub.name
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """Each module of ``package`` and the package's modules it imports."""
    modules = module_names(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round and round (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph) + 100))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path,
                        default=ROOT / "src" / "mpdemos",
                        help="the package folder (default: src/mpdemos)")
    parser.add_argument("--edges", action="store_true", help="print every import too")
    args = parser.parse_args(argv)
    if not (args.package / "__init__.py").is_file():
        parser.error(f"{args.package} is not a package (no __init__.py)")
    graph = import_graph(args.package)
    if args.edges:
        for name, targets in sorted(graph.items()):
            print(f"{name} -> {', '.join(sorted(targets)) or '(nothing)'}")
    found = cycles(graph)
    imports = sum(len(targets) for targets in graph.values())
    for group in found:
        print("cycle: " + " <-> ".join(group))
    if found:
        print(f"{len(found)} import cycle(s) among {len(graph)} modules")
        return 1
    print(f"no import cycle among {len(graph)} modules "
          f"({imports} imports between them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
