"""One note-taker of the load test, run as a separate Python process.

``python writer.py LOCATION USER SLUG COUNT VOTER RESULT_FILE GO_FILE``: opens its own
Store on LOCATION as USER, says it is ready, waits for GO_FILE, then captures COUNT
points one at a time into the breakouts of workshop SLUG in turn. A VOTER of "1" also
tags and votes on points already saved (its own and others') every few points. Every
acknowledged point (with the wall-clock time its commit returned) and every error goes
into RESULT_FILE as JSON; the process itself never fails on a store error, so that the
test sees all of them.

``python writer.py --open LOCATION RESULT_FILE`` only opens the store (creating it when
it is new) and records the outcome.
"""

import json
import random
import sys
import time
import traceback
from pathlib import Path


def _open_only(location: str, result_file: str) -> None:
    errors = []
    try:
        from workshopkit.store.facade import Store

        with Store(location, "Opener") as store:
            store.revision()
    except Exception as error:
        errors.append(f"open: {type(error).__name__}: {error}")
    Path(result_file).write_text(json.dumps({"errors": errors}), encoding="utf-8")


def main(argv: list[str]) -> None:
    if argv[0] == "--open":
        _open_only(*argv[1:])
        return
    location, user, slug, count, voter, result_file, go_file = argv
    result: dict = {"user": user, "acked": [], "tags": 0, "votes": 0, "errors": []}
    errors = result["errors"]
    rng = random.Random(user)
    try:
        from workshopkit.store.facade import Store

        store = Store(location, user)
    except Exception as error:
        errors.append(f"open: {type(error).__name__}: {error}")
        Path(result_file).write_text(json.dumps(result), encoding="utf-8")
        return
    with store:
        breakouts = store.workshop(slug).breakouts
        Path(f"{result_file}.ready").touch()
        while not Path(go_file).exists():
            time.sleep(0.01)
        started = time.perf_counter()
        latest: dict[str, int] = {}  # per breakout letter, the highest number seen saved
        for n in range(int(count)):
            breakout = breakouts[n % len(breakouts)]
            text = f"{user} point {n}"
            try:
                point = store.add_point(breakout, f"{text} #load")
            except Exception as error:
                errors.append(f"add {n}: {type(error).__name__}: {error}")
                continue
            # When the commit returned, by the wall clock the open screen's test also reads.
            committed = time.time()
            result["acked"].append(
                {"id": str(point.id), "ref": point.ref, "text": text, "at": committed}
            )
            latest[breakout.letter] = max(latest.get(breakout.letter, 0), point.number)
            if voter == "1" and n % 5 == 4:
                # Numbers have no gaps, so every ref up to the one just saved exists.
                letter = rng.choice(sorted(latest))
                ref = f"{letter}{rng.randint(1, latest[letter])}"
                try:
                    store.tag_point(slug, ref, owner=user, themes=[f"seen{n}"])
                    result["tags"] += 1
                    store.vote(slug, ref, user)
                    result["votes"] += 1
                except Exception as error:
                    errors.append(f"tag/vote {ref}: {type(error).__name__}: {error}")
        result["seconds"] = time.perf_counter() - started
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception:
        traceback.print_exc()
        sys.exit(1)
