"""The house in layers, checked from the source: no import circle, each library in its
layer, and modules and classes small enough to read.

The imports are read with ``ast``, at module level and inside functions alike (an import
in a function closes a circle as surely as one at the top, only later).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src"
PACKAGE = SRC / "workshopkit"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 300
MAX_MODULES_IN_A_FOLDER = 15
# A module or class over its limit says why it must be one piece, with this at its top.
ONE_PIECE = "One piece:"

SQL = {"sqlalchemy", "sqlmodel", "sqlite3", "psycopg"}
UI = {"textual", "rich"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every module ``path`` imports, anywhere in it, with the line it is on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base, node.lineno
            for alias in node.names:  # "from workshopkit.core import export" is a module
                if f"{base}.{alias.name}" in MODULES:
                    yield f"{base}.{alias.name}", node.lineno


def internal_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for imported, _line in imports(path):
            if imported in MODULES and imported != name:
                graph[name].add(imported)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_circle_finder_finds_a_circle():
    """The check below must be able to fail."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_no_import_circle_in_the_package():
    assert circles(internal_graph()) == []


@pytest.mark.parametrize(
    ("package", "refused"),
    [("core", SQL | UI), ("store", UI), ("cli", {"textual"}), ("serve", {"textual"})],
)
def test_each_layer_imports_only_what_belongs_there(package, refused):
    wrong = [
        f"{name}:{line} imports {imported}"
        for name, path in MODULES.items()
        if layer(name) == package
        for imported, line in imports(path)
        if imported.split(".")[0] in refused
    ]
    assert wrong == []


def test_only_the_store_speaks_sql():
    wrong = [
        f"{name}:{line} imports {imported}"
        for name, path in MODULES.items()
        if layer(name) != "store"
        for imported, line in imports(path)
        if imported.split(".")[0] in SQL
    ]
    assert wrong == []


def _opts_out(lines: list[str]) -> bool:
    return any(ONE_PIECE in line for line in lines[:12])


def test_no_folder_too_full_to_find_your_way():
    folders: dict[Path, int] = {}
    for path in MODULES.values():
        if path.name != "__init__.py":
            folders[path.parent] = folders.get(path.parent, 0) + 1
    full = {str(f.relative_to(SRC)): n for f, n in folders.items() if n > MAX_MODULES_IN_A_FOLDER}
    assert full == {}


def test_every_package_says_what_belongs_there():
    silent = [
        name
        for name, path in MODULES.items()
        if path.name == "__init__.py" and not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert silent == []


def long_modules(modules: dict[str, Path]) -> dict[str, int]:
    """Modules over the line limit that do not say why they must be one piece."""
    found = {}
    for name, path in modules.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_MODULE_LINES and not _opts_out(lines):
            found[name] = len(lines)
    return found


def big_classes(modules: dict[str, Path]) -> dict[str, int]:
    """Classes over the line limit whose docstring does not say why they are one piece."""
    found = {}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                size = node.end_lineno - node.lineno + 1
                docstring = (ast.get_docstring(node) or "").splitlines()
                if size > MAX_CLASS_LINES and not _opts_out(docstring):
                    found[f"{name}.{node.name}"] = size
    return found


def test_no_module_too_long_to_read_in_one_sitting():
    assert long_modules(MODULES) == {}


def test_no_class_doing_the_work_of_several():
    assert big_classes(MODULES) == {}


def test_the_size_checks_can_fail(tmp_path):
    """A module of 401 lines and a class of 301 are caught; 'One piece:' lets them pass."""
    long, big, excused = tmp_path / "long.py", tmp_path / "big.py", tmp_path / "excused.py"
    long.write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    big.write_text("class Big:\n" + "    x = 1\n" * MAX_CLASS_LINES)
    excused.write_text(
        f'"""{ONE_PIECE} a parser reads best whole."""\n'
        f'class Whole:\n    """{ONE_PIECE} its states share one table."""\n'
        + "    x = 1\n"
        * MAX_MODULE_LINES
    )
    modules = {"long": long, "big": big, "excused": excused}
    assert long_modules(modules) == {"long": MAX_MODULE_LINES + 1}
    assert big_classes(modules) == {"big.Big": MAX_CLASS_LINES + 1}


def unexplained_late_imports(modules: dict[str, Path]) -> list[str]:
    """Imports inside functions with no comment saying why: on their line, or on a comment
    line just above the block of imports they stand in."""
    found = []
    for name, path in modules.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and not _explained(
                    lines, inner.lineno - 1
                ):
                    found.append(f"{name}:{inner.lineno}")
    return found


def _explained(lines: list[str], index: int) -> bool:
    if "#" in lines[index]:
        return True
    above = index - 1
    while above >= 0 and lines[above].strip().startswith(("import ", "from ", ")")):
        if "#" in lines[above]:
            return True
        above -= 1  # one import of a block of them
    return above >= 0 and lines[above].strip().startswith("#")


def test_an_import_inside_a_function_says_why_it_is_there():
    """They are there to keep heavy modules off the first paint or a command's start."""
    assert sorted(set(unexplained_late_imports(MODULES))) == []


def test_the_late_import_check_can_fail(tmp_path):
    module = tmp_path / "late.py"
    module.write_text(
        "def quiet():\n    import json\n\n"
        "def said():\n    # Loads only for exports.\n    import csv\n    import json\n\n"
        "def inline():\n    import csv  # only for exports\n"
    )
    assert unexplained_late_imports({"late": module}) == ["late:2"]
