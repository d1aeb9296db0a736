"""Who is at the keyboard: the name captures and dots are signed with.

With no --as and no WORKSHOPKIT_USER the login name stands in until the name given for
this store before is found (it is kept on this machine), or asked: once per store, on
first voting. A browser session asks before anything else.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from workshopkit.core.text import one_line
from workshopkit.core.user_names import remember_name, remembered_name
from workshopkit.tui.messages import NameChanged

if TYPE_CHECKING:
    from workshopkit.tui.jobs import Work
    from workshopkit.tui.store_calls import StoreCalls


def signing_as(name: str) -> "Work":
    """A job for the store worker: every save queued after it is signed ``name``."""

    def work(store: "StoreCalls") -> None:
        store.user = name

    return work


def show_name(app, name: str) -> None:
    """``name`` signs from now on: the screens that show it redraw."""
    app.user = name
    app.tell_screens(lambda: NameChanged(name))


def ask_for_name(app, hint: str = "Others see it beside what you capture and vote.") -> None:
    """Ask who is typing (a browser session), again until a name is given."""
    # Loaded only when a name is asked: starting the app does without the dialog.
    from workshopkit.tui.dialogs.ask import AskDialog

    def answered(name: str | None) -> None:
        name = one_line(name or "")
        if not name:
            ask_for_name(app, "A name is needed before you capture: type yours.")
            return
        app.run_job(signing_as(name))
        show_name(app, name)
        for bar in app.screen.query("#capture"):  # ready to capture, as in a terminal
            bar.focus()

    app.push_screen(AskDialog("Your name?", hint=hint, placeholder="e.g. Priya"), answered)


def take_remembered_name(app, store: "StoreCalls") -> None:
    """On the store worker, as the store opens: sign with the name given for this store
    before, if any; otherwise keep where it is, to remember the name once asked."""
    location = str(store.location)
    name = remembered_name(location)
    if name:
        store.user = name
        app.named = True
        app.call_from_thread(show_name, app, name)
    else:
        app.store_name = location


def ask_name_once(app, then: Callable[[], None]) -> None:
    """Ask who is at the keyboard the first time it matters (their dots), once per
    store: the answer is kept on this machine. ``then`` runs after, asked or not."""
    if app.named or app.store_name is None:
        then()
        return
    # Loaded only when a name is asked: starting the app does without the dialog.
    from workshopkit.tui.dialogs.ask import AskDialog

    location = app.store_name

    def answered(name: str | None) -> None:
        name = one_line(name or "")
        if name:
            app.named = True
            app.user = name
            app.run_job(signing_as(name))
            app.run_job(lambda store: remember_name(location, name))
        then()

    app.push_screen(
        AskDialog(
            "Your name, for your dots and what you capture?",
            app.user,
            hint="asked once for this store; w in voting changes who votes",
        ),
        answered,
    )
