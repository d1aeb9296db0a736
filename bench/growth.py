"""How the costs a facilitator feels grow with the size of a breakout.

``python -m bench --growth``: stores of 10, 100, 1,000, 10,000 and 100,000 points in one
breakout (``tui_bench.make_store``), and for each:

- open: the breakout's first screen, from the next breakout (``tab`` away, ``shift+tab``
  back, to the first frame with its rows), median of the opens;
- export: ``Store.workshop`` and the markdown action list of the whole workshop, median
  of three;
- key: a key typed in the capture bar to the frame that shows it, median of the keys of
  two sentences; and a dot placed on the voting screen to the frame that says so.

Each is printed beside the same at 10 points: the keys should stay flat and the export
grow with the points. Nothing here is judged (the budgets are in ``python -m bench``);
it shows how the figures there would move in a bigger room.
"""

import asyncio
import statistics
import time
from pathlib import Path

from bench import tui_bench

SIZES = (10, 100, 1_000, 10_000, 100_000)
SETTINGS = tui_bench.Settings(starts=0, sentences=2, moves=0, dots=20, opens=5, live=0)


def export_seconds(db: str, slug: str) -> float:
    from workshopkit.core.files import export
    from workshopkit.store.facade import Store

    times = []
    with Store(db, "Bench") as store:
        for _ in range(3):
            started = time.perf_counter()
            export.export_text(store.workshop(slug), "md")
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(folder: Path) -> bool:
    rows = []
    for size in SIZES:
        began = time.perf_counter()
        db, slug, _ = tui_bench.make_store(folder, size)
        built = time.perf_counter() - began
        tui_bench.forget_drafts(folder)
        samples = asyncio.run(tui_bench.key_to_paint(db, slug, SETTINGS))
        figures = {
            "open": statistics.median(samples["open"]),
            "export": export_seconds(db, slug) * 1000,
            "key": statistics.median(samples["bar"]),
            "dot": statistics.median(samples["dot"]),
        }
        rows.append((size, figures))
        print(f"growth  {size:,} points: store built in {built:.1f} s, measured", flush=True)
    small = rows[0][1]
    header = ("points", "open", "export", "key in the bar", "placing a dot")
    lines = [header]
    for size, figures in rows:
        lines.append(
            (
                f"{size:,}",
                *(
                    f"{figures[name]:.1f} ms ({figures[name] / small[name]:.2f}x)"
                    for name in ("open", "export", "key", "dot")
                ),
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for index, line in enumerate(lines):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))
    return True
