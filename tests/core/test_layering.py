"""core/ and store/ must work without Textual: the CLI and tests rely on it staying light."""

import subprocess
import sys

BLOCK_TEXTUAL = """
import importlib.abc, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("core imported textual: " + name)
        return None

sys.meta_path.insert(0, Refuse())
import importlib, pkgutil, workshopkit.core, workshopkit.store
for package in (workshopkit.core, workshopkit.store):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
assert "workshopkit.store.facade" in sys.modules and "workshopkit.core.files.draft" in sys.modules
assert not any(m == "textual" or m.startswith("textual.") for m in sys.modules)
print("core ok")
"""


def test_core_imports_with_textual_blocked():
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_TEXTUAL], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "core ok" in result.stdout


def test_blocking_really_blocks_textual():
    """The guard above must be able to fail: importing textual under it is refused."""
    script = BLOCK_TEXTUAL.split("import workshopkit")[0] + "import textual\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode != 0
    assert "core imported textual" in result.stderr


def test_the_ui_draws_before_the_database_layer_is_imported():
    """SQLAlchemy takes a third of a second to import: the TUI loads it on its store
    worker, after the first paint, so nothing on the way to the screen may import it."""
    script = (
        "import sys, workshopkit.cli.main, workshopkit.tui.app\n"
        "import workshopkit.tui.screens.workshop, workshopkit.tui.screens.workshops\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


def test_the_first_frame_loads_only_what_it_draws():
    """The workshop screen's first frame is its title and capture bar: the list, the
    side bar, the store's views and the dialogs load after it, so none of them delays the
    first keys (see breakout_on_screen.py)."""
    later = [
        "textual.widgets._data_table",
        "workshopkit.core.views",
        "workshopkit.tui.state",
        "workshopkit.tui.widgets.point_list",
        "workshopkit.tui.widgets.breakout_list",
        "workshopkit.tui.dialogs.ask",
        "workshopkit.tui.dialogs.keys",
        "sqlite3",
    ]
    script = (
        "import sys, workshopkit.launch, workshopkit.tui.app, workshopkit.tui.screens.workshop\n"
        f"print(sorted(set({later!r}) & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


def test_every_module_of_the_package_imports():
    """Names used only in annotations are imported for type checkers alone: an annotation
    left unquoted would fail only when its module is first imported."""
    script = (
        "import importlib, pkgutil, workshopkit\n"
        "for module in pkgutil.walk_packages(workshopkit.__path__, 'workshopkit.'):\n"
        "    if not module.name.endswith('__main__'):\n"
        "        importlib.import_module(module.name)\n"
        "print('imported')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "imported", result.stderr
