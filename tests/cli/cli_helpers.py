"""The in-process CLI runner of the CLI tests (``Cli``), for fixtures and tests alike."""

import json
from pathlib import Path

from typer.testing import CliRunner

from workshopkit.cli.main import app


def assert_clean(result) -> None:
    """No traceback anywhere, and no exception other than a normal exit."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


class Cli:
    """Runs ``workshopkit --db <store> --as <user> ARGS...`` in-process."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, user: str | None = "Sam", env=None):
        argv = ["--db", str(self.db)]
        if user is not None:
            argv += ["--as", user]
        return self.runner.invoke(app, [*argv, *args], input=input, env=env)

    def ok(self, *args: str, **kwargs):
        """Run a command that must succeed; return its result."""
        result = self(*args, **kwargs)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        assert_clean(result)
        return result

    def error(self, *args: str, code: int = 1, **kwargs):
        """Run a command that must be refused: one ``Error:`` line on stderr, exit ``code``."""
        result = self(*args, **kwargs)
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        assert_clean(result)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("Error: "), result.stderr
        assert result.stdout == ""
        return result

    def show(self, workshop: str) -> dict:
        """``show WORKSHOP --json``, parsed."""
        return json.loads(self.ok("show", workshop, "--json").stdout)

    def points(self, workshop: str) -> dict[str, dict]:
        """Every live point of a workshop, by ref."""
        data = self.show(workshop)
        return {p["ref"]: p for b in data["breakouts"] for p in b["points"]}

    def add(self, workshop: str, breakout: str, text: str, **kwargs) -> str:
        """Capture one point; return the ref the command printed."""
        return self.ok("add", workshop, breakout, text, **kwargs).stdout.strip()
