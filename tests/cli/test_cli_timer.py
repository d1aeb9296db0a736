"""`workshopkit timer`: the same breakout timer the TUI counts down."""

from datetime import UTC, datetime, timedelta

from workshopkit.store.facade import Store


def _breakout(cli, letter: str):
    with Store(str(cli.db)) as store:
        return store.breakout("harbour", letter)


def test_timer_starts_from_now_and_says_when_it_ends(cli, harbour):
    result = cli.ok("timer", harbour, "A", "7")
    assert "Timer for breakout A" in result.stdout and "7 min, ends at" in result.stdout
    breakout = _breakout(cli, "A")
    left = breakout.timer_ends_at - datetime.now(UTC)
    assert breakout.timer_minutes == 7
    assert timedelta(minutes=6) < left <= timedelta(minutes=7)


def test_without_minutes_it_takes_the_last_length_then_ten(cli, harbour):
    cli.ok("timer", harbour, "A", "3")
    cli.ok("timer", harbour, "A", "--stop")
    assert "3 min" in cli.ok("timer", harbour, "A").stdout
    assert "10 min" in cli.ok("timer", harbour, "B").stdout


def test_stop_keeps_the_length_and_clears_the_end(cli, harbour):
    cli.ok("timer", harbour, "A", "5")
    assert "stopped" in cli.ok("timer", harbour, "A", "--stop").stdout
    breakout = _breakout(cli, "A")
    assert (breakout.timer_minutes, breakout.timer_ends_at) == (5, None)


def test_out_of_range_and_unknown_breakouts_are_refused_without_change(cli, harbour):
    assert "1 to 60 minutes" in cli.error("timer", harbour, "A", "61").stderr
    assert "No breakout 'Z'" in cli.error("timer", harbour, "Z", "5").stderr
    assert _breakout(cli, "A").timer_ends_at is None


def test_new_and_breakout_take_a_timer_length_that_timer_then_uses(cli):
    slug = cli.ok("new", "Quay Day", "-b", "Parking", "--timer", "15").stdout.strip()
    cli.ok("breakout", slug, "Ferries", "--timer", "5")
    with Store(str(cli.db)) as store:
        lengths = [
            (b.letter, b.timer_minutes, b.timer_ends_at) for b in store.workshop(slug).breakouts
        ]
    assert lengths == [("A", 15, None), ("B", 5, None)]  # set, not started
    assert "15 min" in cli.ok("timer", slug, "A").stdout
    assert "1 to 60 minutes" in cli.error("new", "Pier Day", "--timer", "0").stderr
