"""The import graph of ``src/newsdesk`` (issue 15): no circles, and no ``_private`` name imported
from another module. Every import counts, the ones inside functions and under ``TYPE_CHECKING``
too. The layers themselves are import-linter's contracts (pyproject.toml, run by ``.ci/run``)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp

import newsdesk

SRC = Path(newsdesk.__file__).parent


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Each circle as one path ``a -> b -> ... -> a`` through its strongly connected component."""
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(imports)))

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for other in imports[module]:
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                start = min(component)
                back = min(
                    (m for m in component if start in imports[m]),
                    key=lambda m: len(graph.find_shortest_chain(importer=start, imported=m) or ()),
                )
                chain = graph.find_shortest_chain(importer=start, imported=back) or (start, back)
                found.append([*chain, start])

    for module in sorted(imports):
        if module not in order:
            visit(module)
    return found


def test_the_import_graph_has_no_circles() -> None:
    graph = grimp.build_graph("newsdesk", cache_dir=None)
    found = circles(graph)
    assert not found, "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        graph.add_import(importer=a, imported=b)
    assert circles(graph) == [["p.a", "p.b", "p.c", "p.a"]]


def private_imports(source: str, module: str) -> list[str]:
    """``from newsdesk.x import _name`` (or ``import newsdesk.x._y``) in ``source``: a private name
    reached from another module. Dunders (``__version__``) are public."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdesk"):
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and node.module != module:
                    out.append(f"line {node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "newsdesk" and any(
                    p.startswith("_") and not p.startswith("__") for p in parts
                ):
                    out.append(f"line {node.lineno}: import {alias.name}")
    return out


def test_no_private_name_is_imported_from_another_module() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        found += [f"{module}: {hit}" for hit in private_imports(path.read_text(encoding="utf-8"), module)]
    assert not found, "\n".join(found)


def test_the_private_import_check_sees_one() -> None:
    source = "from newsdesk.core.rules.roles import _text, text_value\nfrom newsdesk import __version__\n"
    assert private_imports(source, "newsdesk.core.folder.index") == [
        "line 1: from newsdesk.core.rules.roles import _text"
    ]
