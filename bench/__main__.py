"""``python -m bench [--quick]``: run every benchmark; exit 1 if a budget is broken."""

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench import figures, growth, room_bench, store_bench, tui_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced counts (under a minute)")
    parser.add_argument("--only", choices=["store", "tui", "room"], help="run one group")
    parser.add_argument(
        "--growth",
        action="store_true",
        help="only the table of how opening, exporting and keys grow, 10 to 100,000 points",
    )
    parser.add_argument(
        "--known-over",
        action="append",
        default=[],
        metavar="FIGURE",
        help="a figure known to be over its budget: judged and printed, not failing the run",
    )
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=os.environ.get("WORKSHOPKIT_TEST_PG") or None,
        help="a PostgreSQL server to time live updates on too (default: WORKSHOPKIT_TEST_PG)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="also write every judged figure (name, value, floor, ratio, budget, verdict)",
    )
    args = parser.parse_args(argv)
    header = {
        "run": "quick" if args.quick else "full",
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "cores": os.cpu_count(),
    }
    print(
        f"workshopkit bench ({header['run']}): Python {header['python']}, SQLite {header['sqlite']}"
    )
    known_over = frozenset(args.known_over)
    results = []
    with tempfile.TemporaryDirectory(prefix="workshopkit-bench-") as folder:
        if args.growth:
            return 0 if growth.run(Path(folder)) else 1
        if args.only in (None, "store"):
            results.append(store_bench.run(args.quick, Path(folder), known_over))
        if args.only in (None, "room"):
            results.append(room_bench.run(args.quick, Path(folder), known_over))
        if args.only in (None, "tui"):
            results.append(tui_bench.run(args.quick, Path(folder), known_over, args.pg))
    # A misspelt name must not quietly excuse nothing, or the wrong figure.
    unknown = known_over - {figure.name for figure in figures.RECORDED}
    if unknown and args.only is None:
        print(f"--known-over names no figure: {', '.join(sorted(unknown))}")
        results.append(False)
    ok = all(results)
    print(f"overall {'PASS' if ok else 'FAIL'}")
    if args.json is not None:
        figures.write_json(args.json, header, ok)
    return 0 if ok else 1


sys.exit(main())
