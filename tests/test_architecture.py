"""The layering rules of issue #10, read from the source with `ast` (imports inside functions
included): the core writer (channels_app/services/) imports neither news nor alerts, which
subscribe to it instead, and no import cycle runs outside channels_app.models (where Django
models refer to each other)."""

import ast
from pathlib import Path

import channels_app

PACKAGE = "channels_app"
ALLOWED_CYCLES = "channels_app.models"
CONSUMERS = ("channels_app.news", "channels_app.alerts")


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of `package` (at `root`) by dotted name; migrations left out."""
    found = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((package, *parts))] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of `known` that module `name` imports, anywhere in its body."""
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, path, node)
            # `from a import b` imports module a.b if there is one, else the name b from a.
            targets |= {_module_or(f"{base}.{alias.name}", base, known) for alias in node.names}
    return {m for m in map(lambda t: _known_prefix(t, known), targets) if m and m != name}


def _absolute(name: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    here = here[: len(here) - node.level + 1]
    return ".".join([*here, node.module] if node.module else here)


def _module_or(candidate: str, base: str, known: dict[str, Path]) -> str:
    return candidate if candidate in known else base


def _known_prefix(target: str, known: dict[str, Path]) -> str | None:
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    known = modules(root, package)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
    return found


def _allowed(component: set[str]) -> bool:
    return all(m == ALLOWED_CYCLES or m.startswith(ALLOWED_CYCLES + ".") for m in component)


GRAPH = import_graph(Path(channels_app.__file__).parent, PACKAGE)


def test_the_core_writer_imports_neither_news_nor_alerts():
    offending = {
        (name, target)
        for name, targets in GRAPH.items()
        if name.startswith(f"{PACKAGE}.services.") or name == f"{PACKAGE}.services"
        for target in targets
        if target.startswith(CONSUMERS)
    }
    assert not offending


def test_no_import_cycle_runs_outside_the_models():
    assert [c for c in cycles(GRAPH) if not _allowed(c)] == []


def test_news_and_alerts_subscribe_to_the_writer():
    # The rules above hold because news and alerts hang on the writer, not the reverse.
    assert f"{PACKAGE}.services.announce" in GRAPH[f"{PACKAGE}.news.hooks"]
    assert f"{PACKAGE}.services.announce" in GRAPH[f"{PACKAGE}.alerts.hooks"]


# --- the checker itself --------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return import_graph(tmp_path, "pkg")


def test_the_checker_sees_an_import_inside_a_function_and_the_cycle_it_closes(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "services/__init__.py": "",
            "services/writer.py": "def f():\n    from ..news import hooks\n",
            "news/__init__.py": "",
            "news/hooks.py": "from ..services import writer\n",
        },
    )

    assert graph["pkg.services.writer"] == {"pkg.news.hooks"}
    assert cycles(graph) == [{"pkg.services.writer", "pkg.news.hooks"}]


def test_the_checker_resolves_relative_imports_from_a_package(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "models/__init__.py": "from .channel import Channel\nfrom ..news.models import Feed\n",
            "models/channel.py": "Channel = 1\n",
            "news/__init__.py": "",
            "news/models.py": "from ..models.channel import Channel\nFeed = 2\n",
        },
    )

    assert graph["pkg.models"] == {"pkg.models.channel", "pkg.news.models"}
    assert cycles(graph) == []
