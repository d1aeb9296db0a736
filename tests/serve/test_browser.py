"""``workshopkit serve`` in a real browser: two note-takers join with the code, each sees
the other's points within two seconds, and a browser without the code gets no app.

Runs Chromium headless through Playwright. CI installs Chromium; on a developer's machine
without it the test is skipped (and fails in CI, where ``CI`` is set).
"""

import re
import time

import pytest
from web_helpers import chromium, start_serve

from workshopkit.store.facade import Store

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


class Screen:
    """What the app in one browser tab has drawn: its terminal output, escapes removed."""

    def __init__(self, page) -> None:
        self.page = page
        self.output = bytearray()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.output += payload if isinstance(payload, bytes) else payload.encode()

    def text(self) -> str:
        return ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def wait_for(self, words: str, timeout: float = 20.0) -> float:
        """Seconds it took until ``words`` were drawn."""
        started = time.monotonic()
        while words not in self.text():
            if time.monotonic() - started > timeout:
                raise AssertionError(f"{words!r} never appeared in the browser")
            self.page.wait_for_timeout(50)
        return time.monotonic() - started

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=20)


@pytest.fixture
def served(tmp_path):
    """``workshopkit serve`` on a free port with a workshop in its store: (url, process)."""
    db = tmp_path / "shared.db"
    with Store(str(db), "Facilitator") as store:
        store.create_workshop("Harbour Forum", ["Getting there"])
    process, _port = start_serve(db, tmp_path, "harbour")
    try:
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.search(r"Open: (\S+)", line)
            url = found and found.group(1)
        assert url, process.stderr.read() if process.poll() is not None else "no URL printed"
        yield url, db
    finally:
        process.terminate()
        process.wait(timeout=10)


def _join(browser, url: str, name: str) -> Screen:
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    page = context.new_page()
    screen = Screen(page)
    page.goto(url)
    screen.wait_for("Your name?")
    page.click(".textual-terminal")
    screen.type(name)
    page.keyboard.press("Enter")
    screen.wait_for(f"you: {name}")
    return screen


@pytest.mark.alone  # two browsers see each other within 2 s
def test_two_browsers_capture_and_see_each_other_and_no_code_gets_no_app(served):
    url, db = served
    base = url.split("?")[0]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            stranger = browser.new_context().new_page()
            response = stranger.goto(base)
            assert response.status == 403
            assert "textual-terminal" not in stranger.content()
            assert stranger.goto(base + "?code=guess").status == 403

            ana, ben = _join(browser, url, "Ana"), _join(browser, url, "Ben")
            ana.type("Ferry times from the north quay")
            ana.page.keyboard.press("Enter")
            ana.wait_for("saved")
            assert ben.wait_for("Ferry times from the north quay") < 2.0

            ben.type("Cycle racks by the station")
            ben.page.keyboard.press("Enter")
            ben.wait_for("saved")
            assert ana.wait_for("Cycle racks by the station") < 2.0
        finally:
            browser.close()
    with Store(str(db)) as store:
        points = store.workshop("harbour").points
    assert [(p.text, p.captured_by) for p in points] == [
        ("Ferry times from the north quay", "Ana"),
        ("Cycle racks by the station", "Ben"),
    ]


def test_the_page_asks_no_other_site_and_an_export_downloads_to_the_browser(served, tmp_path):
    """An offline venue: every request the page makes goes to serve, none is blocked by
    the page's policy (the terminal still draws), and the action list is a download."""
    url, _db = served
    host = url.split("/")[2]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 700})
            page = context.new_page()
            requested: list[str] = []
            refused: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.on(
                "console",
                lambda message: (
                    refused.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            screen = Screen(page)
            page.goto(url)
            screen.wait_for("Your name?")
            page.click(".textual-terminal")
            screen.type("Ana")
            page.keyboard.press("Enter")
            screen.wait_for("you: Ana")
            screen.type("Ferry times from the north quay #next")
            page.keyboard.press("Enter")
            screen.wait_for("saved")
            page.keyboard.press("Control+e")
            screen.wait_for("to this browser")
            with page.expect_download() as waiting:
                page.keyboard.press("Enter")
            download = waiting.value
            saved = tmp_path / "downloaded.md"
            download.save_as(saved)
        finally:
            browser.close()
    elsewhere = [u for u in requested if u.split("/")[2] != host]
    assert elsewhere == [], elsewhere
    assert any("/static/fonts/" in u for u in requested)  # the packaged font, from serve
    assert refused == []
    assert download.suggested_filename == "harbour-forum-actions.md"
    assert "Ferry times from the north quay" in saved.read_text()
    assert not (tmp_path / "exports").exists()  # nothing written on the serving machine
