"""The floors of the start-up benchmarks: the least a Textual app can do, launched the same way.

``python -m bench.floors input``: a bare Textual app with one focused Input.
``python -m bench.floors row DB``: a minimal Textual app that imports SQLModel, reads one
point from the store DB and shows it in one row.
"""

import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class InputFloor(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="floor input")


class RowFloor(App[None]):
    def __init__(self, db: str) -> None:
        super().__init__()
        self.db = db

    def compose(self) -> ComposeResult:
        yield Static("loading", id="row", markup=False)

    def on_mount(self) -> None:
        from sqlmodel import create_engine, text

        engine = create_engine(f"sqlite:///{self.db}")
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT text FROM point ORDER BY number DESC LIMIT 1")
            ).one()
        self.query_one("#row", Static).update(row.text)


if __name__ == "__main__":
    if sys.argv[1] == "input":
        InputFloor().run()
    else:
        RowFloor(sys.argv[2]).run()
