"""What every command shares: the Typer app and its global options, output on
stdout and stderr, one-line errors, the store settings and the argument types.

Every refused action prints one line on stderr and exits 1; usage mistakes exit 2; no
traceback reaches the user.
"""

import functools
import sys
from datetime import date as Date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from workshopkit import __version__
from workshopkit.core.errors import WorkshopkitError
from workshopkit.core.text import clean, one_line

if TYPE_CHECKING:
    from workshopkit.store.facade import Store


app = typer.Typer(
    name="workshopkit",
    help="Capture, tag and vote on the points a workshop raises; export the action list.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)

WorkshopArg = Annotated[str, typer.Argument(help="Workshop slug, or the start of it.")]
RefArg = Annotated[str, typer.Argument(help="Point ref, such as A3.")]


class Settings:
    def __init__(self, db: str | None, user: str | None) -> None:
        self.db, self.user = db, user

    def store(self) -> "Store":
        # Imported here: the database layer is slow to import, and the TUI must draw first.
        from workshopkit.store.facade import Store

        return Store(self.db, self.user)


def store_settings(context: typer.Context) -> Settings:
    settings = context.find_object(Settings)
    return settings if settings is not None else Settings(None, None)


def fail(message: str, code: int = 1) -> typer.Exit:
    # one_line: a message quoting user input (a file name, a key) must stay one line.
    err.print(Text(f"Error: {one_line(message)}"))
    return typer.Exit(code)


def command(*args, **kwargs):
    """Register a command whose refused actions become one line and exit 1."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*inner_args, **inner_kwargs):
            try:
                return function(*inner_args, **inner_kwargs)
            except WorkshopkitError as error:
                raise fail(str(error)) from None
            except (typer.Exit, typer.Abort, KeyboardInterrupt):
                raise
            except OSError as error:
                raise fail(f"{error.strerror or error} ({error.filename or 'file'}).") from None

        return app.command(*args, **kwargs)(wrapper)

    return decorate


def _version(value: bool) -> None:
    if value:
        out.print(f"workshopkit {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    context: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="WORKSHOPKIT_DB",
            help="Store file or database URL [default: sessions/workshopkit.db].",
            show_envvar=True,
        ),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="WORKSHOPKIT_USER",
            help="Your name, recorded on every change you make [default: your login].",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Capture, tag and vote on the points a workshop raises; export the action list.

    With no command, opens the terminal UI on the store's workshops.
    """
    context.obj = Settings(db, as_)
    if context.invoked_subcommand is None:
        run_tui(context.obj)


def run_tui(settings: Settings, workshop: str | None = None, **options) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise fail("The workshopkit UI needs a terminal; see 'workshopkit --help' for commands.")
    from workshopkit.tui.app import WorkshopkitApp  # Textual loads only when the UI runs

    WorkshopkitApp(settings.db, settings.user, workshop, **options).run()


def iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{clean(value)}' is not a date like 2027-01-20.") from None


def positive(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be 1 or more.")
    return value
