"""``python -m bench --json FILE``: every judged figure, as numbers a tool can read."""

import json

import pytest
from bench import figures, verdicts


@pytest.fixture(autouse=True)
def _nothing_recorded_yet(monkeypatch):
    monkeypatch.setattr(figures, "RECORDED", [])


def test_the_file_has_each_figure_with_its_floor_ratio_budget_and_verdict(tmp_path):
    figures.record(
        "enter to durable commit",
        0.63,
        "ms",
        "<= 2.0x",
        "PASS",
        floor=0.41,
        floor_is="raw sqlite3",
        ratio=0.63 / 0.41,
        interval=(1.4, 1.7),
    )
    figures.record("room: live update, max", 1200.0, "ms", "<= 1000 ms", "FAIL", fails_run=True)
    path = tmp_path / "bench.json"
    figures.write_json(path, {"run": "quick", "cores": 2}, passed=False)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert (written["run"], written["cores"], written["overall"]) == ("quick", 2, "FAIL")
    commit, live = written["figures"]
    assert commit == {
        "name": "enter to durable commit",
        "value": 0.63,
        "unit": "ms",
        "floor": 0.41,
        "floor_is": "raw sqlite3",
        "ratio": pytest.approx(0.63 / 0.41),
        "interval": [1.4, 1.7],
        "budget": "<= 2.0x",
        "verdict": "PASS",
        "fails_run": False,
    }
    assert (live["floor"], live["ratio"], live["interval"]) == (None, None, None)
    assert live["fails_run"]


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("4.9 ms", (4.9, "ms", "")),
        ("5.6 ms (10 points)", (5.6, "ms", "10 points")),
        ("344 ms (bare Input app)", (344.0, "ms", "bare Input app")),
    ],
)
def test_a_printed_measure_reads_back_as_a_number(printed, read):
    assert figures.measured(printed) == read


@pytest.mark.parametrize(
    ("value", "budget", "verdict"),
    [(1.29, 1.3, "PASS"), (1.3, 1.3, "PASS"), (1.31, 1.3, "FAIL"), (1.48, 1.3, "FAIL")],
)
def test_a_figure_over_its_budget_fails_however_little(value, budget, verdict):
    assert verdicts.judge(value, budget) == (verdict, verdict == "PASS")


def test_the_interval_holds_the_ratio_and_narrows_with_more_samples():
    floor = [10.0, 11.0, 9.0, 10.5, 9.5] * 2
    ours = [x * 1.5 for x in floor]
    low, high = verdicts.ratio_interval(ours, floor)
    assert low <= 1.5 <= high
    many_low, many_high = verdicts.ratio_interval(ours * 20, floor * 20)
    assert low <= many_low <= 1.5 <= many_high <= high
    assert many_high - many_low < high - low
    assert verdicts.ratio_interval(ours, floor) == (low, high)  # the same every run
    assert verdicts.shown_interval((1.214, 1.336)) == "[1.21-1.34]"
