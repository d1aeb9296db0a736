"""The TUI's picture of the Store (``tui/store_calls.py``) must hold for the real Store.

The TUI types its jobs against the ``StoreCalls`` protocol, so that it can draw its
first screen before the database layer has loaded. Nothing checks a protocol against a
class that never names it, so this does: every member, and every call the protocol
allows, must be one the Store (and its watcher) accepts.
"""

import inspect
from inspect import Parameter
from typing import Protocol

from workshopkit.core.views import PointView, VoteResult
from workshopkit.store.facade import Store
from workshopkit.store.watch import ChangeWatcher
from workshopkit.tui.store_calls import StoreCalls, Watcher

POSITIONAL = (Parameter.POSITIONAL_ONLY, Parameter.POSITIONAL_OR_KEYWORD)
BY_NAME = (Parameter.POSITIONAL_OR_KEYWORD, Parameter.KEYWORD_ONLY)
STARRED = (Parameter.VAR_POSITIONAL, Parameter.VAR_KEYWORD)


def declared(protocol: type) -> tuple[list[str], list[str]]:
    """The data members and the methods ``protocol`` declares (not what it inherits)."""
    data = list(inspect.get_annotations(protocol))
    methods = [
        name
        for name, value in vars(protocol).items()
        if callable(value) and not name.startswith("_")
    ]
    return data, methods


def refused_calls(wanted: inspect.Signature, found: inspect.Signature) -> list[str]:
    """How a call that ``wanted`` allows could fail against ``found``: an argument given
    by position or by name that it takes elsewhere or not at all, a default it lacks or
    has another value for, or an argument it requires that ``wanted`` never passes."""
    problems = []
    given = [p for p in wanted.parameters.values() if p.name != "self"]
    takes = [p for p in found.parameters.values() if p.name != "self"]
    by_position = [p for p in takes if p.kind in POSITIONAL]
    by_name = {p.name: p for p in takes if p.kind in BY_NAME}
    matched = set()
    for index, parameter in enumerate(given):
        if parameter.kind in POSITIONAL:
            there = by_position[index] if index < len(by_position) else None
            if there is None or there.name != parameter.name:
                problems.append(f"takes no {parameter.name!r} as argument {index + 1}")
                continue
        else:
            there = by_name.get(parameter.name)
            if there is None:
                problems.append(f"takes no {parameter.name!r} by name")
                continue
        matched.add(there.name)
        if parameter.default is not Parameter.empty:
            if there.default is Parameter.empty:
                problems.append(f"{parameter.name!r} has no default")
            elif there.default != parameter.default:
                problems.append(
                    f"{parameter.name!r} defaults to {there.default!r}, not {parameter.default!r}"
                )
    problems += [
        f"{there.name!r} is required and never passed"
        for there in takes
        if there.name not in matched
        and there.kind not in STARRED
        and there.default is Parameter.empty
    ]
    return problems


def drift(protocol: type, cls: type, instance: object | None = None) -> list[str]:
    """Every way ``cls`` (and ``instance``, for data members) falls short of ``protocol``."""
    data, methods = declared(protocol)
    problems = [
        f"{name}: no such attribute"
        for name in data
        if instance is not None and name not in vars(instance) and name not in vars(cls)
    ]
    for name in methods:
        found = getattr(cls, name, None)
        if not callable(found):
            problems.append(f"{name}: no such method")
            continue
        wanted = inspect.signature(getattr(protocol, name))
        problems += [f"{name}: {p}" for p in refused_calls(wanted, inspect.signature(found))]
    return problems


def test_the_store_answers_every_call_the_tui_makes(store):
    assert drift(StoreCalls, Store, store) == []


def test_the_stores_watcher_answers_what_the_tui_asks():
    assert drift(Watcher, ChangeWatcher) == []


class Kept:
    """A class as a protocol below finds it, once it has moved on."""

    def __init__(self) -> None:
        self.user = "Sam"

    def add_point(self, breakout, point: str) -> PointView: ...

    def edit_point(self, workshop: str, ref: str, text: str) -> PointView: ...

    def set_done(self, workshop: str, ref: str, done: bool = True) -> PointView: ...

    def vote(self, workshop: str, ref: str, voter: str, remove: bool = False) -> VoteResult: ...

    def tag_point(self, workshop: str, ref: str, kind: str | None = None) -> PointView: ...


class Drifted(Protocol):
    """What a caller still expects of ``Kept``: each member is off in its own way."""

    user: str
    nickname: str

    def add_point(self, breakout, text: str) -> PointView: ...

    def edit_point(self, workshop: str, text: str) -> PointView: ...

    def set_done(self, workshop: str, ref: str, done: bool = False) -> PointView: ...

    def vote(self, workshop: str, ref: str) -> VoteResult: ...

    def tag_point(self, workshop: str, ref: str, *, colour: str = "") -> PointView: ...

    def fly(self) -> None: ...


def test_the_check_finds_a_protocol_that_drifted():
    """The checks above must be able to fail."""
    assert drift(Drifted, Kept, Kept()) == [
        "nickname: no such attribute",
        "add_point: takes no 'text' as argument 2",
        "add_point: 'point' is required and never passed",
        "edit_point: takes no 'text' as argument 2",
        "edit_point: 'ref' is required and never passed",
        "edit_point: 'text' is required and never passed",
        "set_done: 'done' defaults to True, not False",
        "vote: 'voter' is required and never passed",
        "tag_point: takes no 'colour' by name",
        "fly: no such method",
    ]
