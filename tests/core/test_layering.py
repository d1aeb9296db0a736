"""core/ must work without Textual: the CLI and tests rely on it staying light."""

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
import workshopkit.core.capture, workshopkit.core.dates, workshopkit.core.demo
import workshopkit.core.export, workshopkit.core.kinds, workshopkit.core.models
import workshopkit.core.schema, workshopkit.core.store, workshopkit.core.text
import workshopkit.core.views, workshopkit.core.voting
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
