"""Helpers for Pilot tests: wait for the store, read the screen."""

import asyncio


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until every queued store job has reported back and the screen is idle."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause()
        if filling(app) or tables_behind(app) or writing(app):
            await asyncio.sleep(0.01)
            continue
        if (app.jobs.pending == 0 and app.store is not None) or app.store_error:
            await pilot.pause()
            if app.jobs.pending == 0:
                return
        await asyncio.sleep(0.01)
    raise AssertionError(f"store jobs still pending after {timeout}s: {app.jobs.pending}")


async def wait_for_screen(pilot, wanted, timeout: float = 1.5) -> str:
    """Wait (at most ``timeout`` seconds) until ``wanted(screen text)`` holds; the text."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        text = screen_text(pilot.app)
        if wanted(text) or loop.time() > deadline:
            return text
        await asyncio.sleep(0.05)


def writing(app) -> bool:
    """True while a file is being written off the event loop (an export)."""
    return any(worker.group == "export" and not worker.is_finished for worker in app.workers)


def tables_behind(app) -> bool:
    """True while a table has rows it has yet to lay out (it does so when the app idles)."""
    from textual.widgets import DataTable

    return any(
        table._require_update_dimensions  # no public way to ask
        for screen in app.screen_stack
        for table in screen.query(DataTable)
    )


def filling(app) -> bool:
    """True while a workshop screen has yet to fill in (it waits for a pause in typing)."""
    from textual.widgets import Footer

    from workshopkit.tui.screens.workshop import WorkshopScreen

    return any(
        isinstance(screen, WorkshopScreen) and not screen.query(Footer)
        for screen in app.screen_stack
    )


def screen_text(app) -> str:
    """Everything on the screen now, as plain text: what a user would read."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def notices(app) -> list[str]:
    """The messages of the notifications on screen now (toasts).

    Toasts sit on a layer that ``screen_text`` does not capture, so they are read from the
    app's list of live notifications.
    """
    return [notification.message for notification in app._notifications]
