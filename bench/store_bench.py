"""Benchmarks of the two paths a facilitator waits on: committing a point, exporting.

Run everything with ``python -m bench`` (``--quick`` for reduced counts). Every figure is
printed beside a floor measured in the same run on the same machine, and the budgets are
checked against the ratio or the absolute time; the exit code is 0 when every budget holds
and 1 otherwise. This is not a test: pytest never collects it (no ``test_`` file names, and
``bench/`` is outside ``testpaths``).

1. Enter-to-commit. ``Store.add_point(breakout, captured)`` is timed per call, as the
   capture bar calls it at Enter: with what the capture language made of the text, which
   the bar worked out while it was typed (that parse is timed apart and printed beside
   it). The call takes ``BEGIN IMMEDIATE``, the store's next revision, the numbered
   insert, the durable ``COMMIT`` and building the returned view. The floor is a raw
   ``sqlite3`` connection to another fresh file in the same folder, with the PRAGMAs
   ``schema.make_engine`` sets (WAL, ``synchronous=FULL``, foreign keys, busy timeout)
   and autocommit off the module's hands, running ``BEGIN IMMEDIATE; INSERT one row;
   COMMIT`` into the store's own ``point`` table (made from the same model: the same
   columns, keys, indexes and foreign key), with the values a capture writes. With
   ``synchronous=FULL`` every commit waits for the disk, and no store can avoid that
   wait; so the raw insert is the least a durable capture can cost here, and the ratio
   shows what the store adds on top of it (the store's revision, the numbering, the
   view). Both sides are warmed up, then timed in interleaved rounds (which side goes
   first alternates) so disk noise hits both alike.
   Budget: median(store) / median(raw) <= 1.5.

2. Export of 10,000 points to markdown. A workshop with 3 breakouts and 10,000 points
   (about a third ``#next``, with owners, dues and some room tallies) is timed through
   ``export.export_text(store.workshop(slug), "md")``: loading plus rendering, which is what
   ``workshopkit export`` waits on. Loading alone, rendering alone, and writing as many
   lines with a trivial f-string join are printed too, so the reader sees where the time
   goes. The floor is the least any exporter of this store could do: one raw ``sqlite3``
   query for the live points of the workshop with their dots summed, and one f-string
   line per point, joined. All of them take turns run by run.
   Budget: median(load + render) / median(floor) <= 5; DESIGN.md's 0.5 s is printed
   beside it.

A ratio over its budget fails the run, however little over (``verdicts.py``); each is
printed with its 95% bootstrap interval.
"""

import gc
import itertools
import sqlite3
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from bench import figures
from bench.verdicts import excused, judge, ratio_interval, shown_interval
from workshopkit.core.capture import parse
from workshopkit.core.files import export
from workshopkit.store import schema
from workshopkit.store.facade import Store
from workshopkit.store.models import Point

COMMIT_TEXT = "Joint training for members #next @Sam due:2027-03"
COMMIT_BUDGET = 1.5  # median(store) / median(raw sqlite3)
EXPORT_POINTS = 10_000
EXPORT_BUDGET = 0.5  # seconds, median of load + render: printed, not judged (see 2.)
EXPORT_RATIO_BUDGET = 5.0  # median(load + render) / median(raw query + f-string floor)
USER = "bench"
COMMIT_FIGURE = "enter to durable commit"
EXPORT_FIGURE = "export of 10,000 points"


def _raw_schema() -> str:
    """The floor's tables: the store's own ``point`` table and its indexes, as SQLite
    creates them for the store (made from the same model, so they cannot drift apart),
    and a bare parent for its foreign key."""
    dialect = sqlite_dialect.dialect()
    table = Point.__table__
    parts = [
        "CREATE TABLE breakout (id CHAR(32) NOT NULL PRIMARY KEY, letter VARCHAR NOT NULL)",
        str(CreateTable(table).compile(dialect=dialect)),
        *(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes),
    ]
    return ";\n".join(parts) + ";"


_POINT_COLUMNS = [column.name for column in Point.__table__.columns]
_RAW_INSERT = (
    f"INSERT INTO point ({', '.join(_POINT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _POINT_COLUMNS)})"
)


@dataclass(frozen=True)
class Settings:
    warmup: int  # points committed on each side before timing
    rounds: int
    per_round: int  # points per side per round
    export_runs: int
    tallies: int  # points given a room tally in the export workshop


# A commit takes under a millisecond: even the quick run takes thousands, in many rounds.
FULL = Settings(warmup=50, rounds=10, per_round=200, export_runs=11, tallies=300)
QUICK = Settings(warmup=50, rounds=8, per_round=150, export_runs=11, tallies=60)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# -- 1. enter-to-commit --------------------------------------------------------------


class RawFloor:
    """A bare sqlite3 connection set up as ``schema.make_engine`` sets up the store's."""

    def __init__(self, path: Path) -> None:
        timeout = schema.BUSY_TIMEOUT_SECONDS
        self.connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        execute = self.connection.execute
        execute("PRAGMA journal_mode=WAL")
        execute("PRAGMA synchronous=FULL")
        execute("PRAGMA foreign_keys=ON")
        execute(f"PRAGMA busy_timeout={timeout * 1000}")
        self.connection.executescript(_raw_schema())
        self.breakout_id = uuid.uuid4().hex
        execute("INSERT INTO breakout VALUES (?, 'A')", (self.breakout_id,))
        self.number = 0
        # The values a capture of COMMIT_TEXT writes, as SQLite stores them.
        row = dict.fromkeys(_POINT_COLUMNS) | {
            "breakout_id": self.breakout_id,
            "text": "Joint training for members",
            "kind": "next",
            "owner": "Sam",
            "due": "2027-03",
            "due_date": "2027-03-31",
            "themes": "",
            "tally": 0,
            "captured_by": USER,
            "changed_by": USER,
            "field_times": "",
            "rev": 1,
            "absorbed": "",
            "status": "open",
        }
        self.values = [row[name] for name in _POINT_COLUMNS]
        self.fresh = [_POINT_COLUMNS.index(name) for name in ("id", "number")]
        self.times = [_POINT_COLUMNS.index(name) for name in ("created_at", "updated_at")]

    def add(self) -> None:
        self.number += 1
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
        values = self.values.copy()
        values[self.fresh[0]], values[self.fresh[1]] = uuid.uuid4().hex, self.number
        values[self.times[0]] = values[self.times[1]] = now
        execute = self.connection.execute
        execute("BEGIN IMMEDIATE")
        execute(_RAW_INSERT, values)
        execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def _timed(action: Callable[[], object], count: int, into: list[float]) -> None:
    clock = time.perf_counter
    for _ in range(count):
        start = clock()
        action()
        into.append(clock() - start)


def bench_commit(settings: Settings, folder: Path, known_over: frozenset[str]) -> bool:
    store = Store(str(folder / "store.db"), user=USER)
    raw = RawFloor(folder / "raw.db")
    try:
        breakout = store.create_workshop("Bench", ["A"]).breakouts[0]
        captured = parse(COMMIT_TEXT)  # the capture bar's, made while the text was typed

        def add_store() -> None:
            store.add_point(breakout, captured)

        def parse_only() -> None:
            parse(COMMIT_TEXT)

        sides = {"store": add_store, "raw": raw.add}
        samples: dict[str, list[float]] = {"store": [], "raw": []}
        parsing: list[float] = []
        _timed(parse_only, settings.per_round, parsing)
        for action in sides.values():
            _timed(action, settings.warmup, [])
        for round_number in range(settings.rounds):
            order = ("store", "raw") if round_number % 2 == 0 else ("raw", "store")
            for side in order:
                gc.collect()
                _timed(sides[side], settings.per_round, samples[side])
    finally:
        store.close()
        raw.close()

    store_median = statistics.median(samples["store"])
    raw_median = statistics.median(samples["raw"])
    ratio = store_median / raw_median
    interval = ratio_interval(samples["store"], samples["raw"])
    said, ok = excused(COMMIT_FIGURE, *judge(ratio, COMMIT_BUDGET), known_over)
    count = settings.rounds * settings.per_round
    print(
        f"commit  {count} points per side ({settings.rounds} rounds x {settings.per_round}, "
        f"interleaved); the parse, done while typing: median {ms(statistics.median(parsing))}"
    )
    print(
        f"commit  store  median {ms(store_median)}  p95 {ms(p95(samples['store']))} | "
        f"raw sqlite3 median {ms(raw_median)}  p95 {ms(p95(samples['raw']))} | "
        f"ratio {ratio:.2f}x {shown_interval(interval)} (budget <= {COMMIT_BUDGET:.1f}x) {said}"
    )
    figures.record(
        COMMIT_FIGURE,
        store_median * 1000,
        "ms",
        f"<= {COMMIT_BUDGET:.1f}x",
        said,
        floor=raw_median * 1000,
        floor_is="raw sqlite3, same PRAGMAs",
        ratio=ratio,
        interval=interval,
        fails_run=not ok,
    )
    return ok


# -- 2. export -----------------------------------------------------------------------

_KINDS = ("#next", "#barrier", "#next", "#question", "", "#next", "#idea", "#note", "#barrier")
_OWNERS = ("@Sam", '@"Members Support"', "@Priya", "", "@Jo")
_DUES = ("due:2027-03", 'due:"March 2027"', "", "due:2027-06-30", "due:Ongoing", "")
_TOPICS = (
    "Joint training for members",
    "Shared calendar for the network",
    "Funding bid for volunteer expenses",
    "Newsletter: who writes the next issue?",
    "Map of local venues with step-free access",
    "Mentoring for new trustees",
    "Pool translation costs across groups",
)


def export_texts(count: int) -> list[str]:
    """``count`` capture lines: about a third #next, with owners, dues and themes."""
    texts = []
    for n in range(count):
        words = [f"{_TOPICS[n % len(_TOPICS)]} ({n})", _KINDS[n % len(_KINDS)]]
        words += [_OWNERS[n % len(_OWNERS)], _DUES[n % len(_DUES)]]
        if n % 4 == 0:
            words.append("#training")
        texts.append(" ".join(w for w in words if w))
    return texts


def build_export_workshop(store: Store, settings: Settings) -> str:
    workshop = store.create_workshop("Export bench", ["Barriers", "Next steps", "Questions"])
    texts = export_texts(EXPORT_POINTS)
    share = -(-len(texts) // len(workshop.breakouts))
    batch = 1000
    actions = []
    for index, breakout in enumerate(workshop.breakouts):
        mine = texts[index * share : (index + 1) * share]
        for start in range(0, len(mine), batch):
            added = store.add_points(breakout, mine[start : start + batch])
            actions += [p for p in added if p.kind.value == "next"]
    # Room tallies on #next points spread over every breakout, so ranking has work to do.
    step = max(1, len(actions) // max(1, settings.tallies))
    for n, point in enumerate(actions[::step][: settings.tallies]):
        store.set_tally(workshop.slug, point.ref, 1 + n % 7)
    return workshop.slug


def _interleaved_runs(
    actions: dict[str, Callable[[], object]], runs: int
) -> dict[str, list[float]]:
    """Seconds per run of each action, the actions taking turns so noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return times


def _seconds(label: str, times: list[float]) -> str:
    best, median = min(times), statistics.median(times)
    return f"export  {label:<22} best {best:.3f} s  median {median:.3f} s"


def bench_export(settings: Settings, folder: Path, known_over: frozenset[str]) -> bool:
    with Store(str(folder / "export.db"), user=USER) as store:
        start = time.perf_counter()
        slug = build_export_workshop(store, settings)
        built = time.perf_counter() - start
        workshop = store.workshop(slug)
        output = export.export_text(workshop, "md")
        lines = output.count("\n")
        points = workshop.points
        actions = sum(1 for p in points if p.kind.value == "next")
        tallied = sum(1 for p in points if p.tally)

        def raw_floor() -> str:
            return raw_export(folder / "export.db", workshop.id.hex)

        def trivial() -> str:
            chosen = itertools.islice(itertools.cycle(points), lines)
            return "\n".join(
                f"| {p.ref} | {p.text} | {p.owner or ''} | {p.due or ''} | {p.votes} |"
                for p in chosen
            )

        runs = settings.export_runs
        times = _interleaved_runs(
            {
                "both": lambda: export.export_text(store.workshop(slug), "md"),
                "load": lambda: store.workshop(slug),
                "render": lambda: export.export_text(workshop, "md"),
                "join": trivial,
                "floor": raw_floor,
            },
            runs,
        )
        both, load, render, join, floor = (
            times[k] for k in ("both", "load", "render", "join", "floor")
        )

    median = statistics.median(both)
    ratio = median / statistics.median(floor)
    interval = ratio_interval(both, floor)
    said, ok = excused(EXPORT_FIGURE, *judge(ratio, EXPORT_RATIO_BUDGET), known_over)
    absolute = "within" if median <= EXPORT_BUDGET else "over"
    print(
        f"export  {len(points)} points ({actions} #next, {tallied} tallied) in "
        f"{len(workshop.breakouts)} breakouts, built in {built:.1f} s; "
        f"markdown {lines} lines, {len(output) // 1024} KiB; {runs} runs each"
    )
    print(
        f"{_seconds('load + render', both)} | raw query + join (floor) median "
        f"{statistics.median(floor):.3f} s | ratio {ratio:.1f}x {shown_interval(interval)} "
        f"(budget <= {EXPORT_RATIO_BUDGET:.0f}x) {said}; {absolute} DESIGN.md's {EXPORT_BUDGET} s"
    )
    figures.record(
        EXPORT_FIGURE,
        median,
        "s",
        f"<= {EXPORT_RATIO_BUDGET:.0f}x",
        said,
        floor=statistics.median(floor),
        floor_is="raw query + join",
        ratio=ratio,
        interval=interval,
        fails_run=not ok,
    )
    print(_seconds("load (store.workshop)", load))
    print(_seconds("render only", render))
    print(f"{_seconds('f-string join only', join)}  ({lines} lines)")
    return ok


def raw_export(path: Path, workshop_id: str) -> str:
    """The floor: the workshop's live points with their dots, one query, one line each."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT breakout.letter, point.number, point.text, point.owner, point.due, "
            "point.tally + coalesce(sum(vote.dots), 0) FROM point "
            "JOIN breakout ON breakout.id = point.breakout_id "
            "LEFT JOIN vote ON vote.point_id = point.id AND vote.deleted_at IS NULL "
            "WHERE breakout.workshop_id = ? AND point.deleted_at IS NULL "
            "GROUP BY point.id ORDER BY breakout.letter, point.number",
            (workshop_id,),
        ).fetchall()
    finally:
        connection.close()
    return "\n".join(
        f"| {letter}{number} | {text} | {owner or ''} | {due or ''} | {votes} |"
        for letter, number, text, owner, due, votes in rows
    )


def run(quick: bool, folder: Path, known_over: frozenset[str] = frozenset()) -> bool:
    """The store benchmarks; True when every budget holds (or is known not to)."""
    settings = QUICK if quick else FULL
    return all(
        [bench_commit(settings, folder, known_over), bench_export(settings, folder, known_over)]
    )
