"""Changes to one point that the screens offer: kind, owner, due, themes, done, edit,
delete.

Each change runs as a store job and, once saved, offers its undo: putting the point's
text and tags back as they were (or, for a delete, the point back).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from workshopkit.core.capture import Captured, as_typed
from workshopkit.core.kinds import Kind

if TYPE_CHECKING:
    from workshopkit.core.views import PointView
    from workshopkit.tui.store_calls import StoreCalls


def as_captured(point: "PointView") -> Captured:
    """A point in the capture language's terms, to show it back in the bar."""
    return Captured(point.text, point.kind, point.owner, point.due, point.themes, point.score)


KIND_NAMES = {
    Kind.NOTE: "note",
    Kind.BARRIER: "barrier",
    Kind.NEXT: "next step",
    Kind.QUESTION: "question",
    Kind.IDEA: "idea",
}
UNDO_HINT = "ctrl+z brings it back"


def change(
    app,
    point: "PointView",
    label: str,
    work: Callable[["StoreCalls"], "PointView"],
    said: Callable[["PointView"], str] | None = None,
) -> None:
    """Run ``work`` (a store call changing ``point``), show the result, offer its undo,
    and say what changed (``said`` of the saved point) on the screen the change came from."""
    slug, ref, before = app.state.slug, point.ref, as_typed(as_captured(point))

    def done(changed: "PointView") -> None:
        app.points_changed([changed])
        app.remember(f"{label} of {ref}", lambda store: store.edit_point(slug, ref, before))
        if said is not None:
            app.tell(f"{ref}: {said(changed)} — {UNDO_HINT}")

    app.run_job(work, done)


def set_kind(app, point: "PointView", kind: str) -> None:
    """Change the kind (the same kind again changes nothing, and says so)."""
    slug, ref, old, new = app.state.slug, point.ref, point.kind, Kind(kind)
    if old == new:
        app.tell(f"{ref} is already a {KIND_NAMES[new]}")
        return
    if new == Kind.NOTE:
        said = f"{KIND_NAMES[old]} removed, now a note"
    elif old == Kind.NOTE:
        said = f"now a {KIND_NAMES[new]}"
    else:
        said = f"now a {KIND_NAMES[new]} (was a {KIND_NAMES[old]})"
    change(app, point, kind, lambda store: store.tag_point(slug, ref, kind=kind), lambda _p: said)


def toggle_done(app, point: "PointView") -> None:
    """Mark an action done, or open it again when it is done; ctrl+z takes it back."""
    from workshopkit.core.carry import DONE, OPEN  # loaded with the action list, not at start

    slug, ref, done, before = app.state.slug, point.ref, not point.done, point.status

    def changed(result: "PointView") -> None:
        app.points_changed([result])
        label = "done" if done else "reopening"
        app.remember(f"{label} of {ref}", lambda store: store.set_status(slug, ref, before))
        app.tell(f"{ref}: done ✓ — {UNDO_HINT}" if done else f"{ref}: open again — {UNDO_HINT}")

    app.run_job(lambda store: store.set_status(slug, ref, DONE if done else OPEN), changed)


def ask_status(app, point: "PointView") -> None:
    """Ask where an action stands, as "in progress: the note"; ctrl+z puts back the
    status and note it had."""
    from workshopkit.core.carry import STATUSES, read_status  # loaded when first asked
    from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

    slug, ref = app.state.slug, point.ref
    before = (point.status, point.progress or "")

    def answered(answer: str | None) -> None:
        if answer is None:
            return
        said, _, note = answer.partition(":")
        status = read_status(said)
        if status is None:
            app.tell(f"Not changed: start with one of {', '.join(STATUSES)} (a note after ':')")
            return

        def changed(result: "PointView") -> None:
            app.points_changed([result])
            app.remember(f"status of {ref}", lambda store: store.set_status(slug, ref, *before))
            app.tell(f"{ref}: {result.status} — {UNDO_HINT}")

        app.run_job(lambda store: store.set_status(slug, ref, status, note.strip()), changed)

    shown = point.status + (f": {point.progress}" if point.progress else "")
    app.push_screen(
        AskDialog(
            f"Status of {ref}: {', '.join(STATUSES)}; a progress note after ':'",
            shown,
            list(STATUSES),
            hint="→ takes the suggestion",
        ),
        answered,
    )


def delete(app, point: "PointView", tell: Callable[[str], None]) -> None:
    """Delete a point (it stays, marked deleted, so ctrl+z brings it back); ``tell`` says
    so on the screen it was deleted from."""
    slug, ref = app.state.slug, point.ref

    def done(deleted: "PointView") -> None:
        app.points_changed([deleted])
        app.remember(f"delete of {ref}", lambda store: store.restore_point(slug, ref))
        tell(f"Deleted {ref} — {UNDO_HINT}")

    app.run_job(lambda store: store.delete_point(slug, ref), done)


def _owner_said(point: "PointView") -> str:
    return f"owner {point.owner}" if point.owner else "owner cleared"


def _due_said(point: "PointView") -> str:
    return f"due {point.due}" if point.due else "due cleared"


def ask_owner(app, point: "PointView") -> None:
    """Ask for the owner, completing from owners already used in the workshop."""
    from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

    slug, ref = app.state.slug, point.ref

    def answered(owner: str | None) -> None:
        if owner is not None:
            change(
                app,
                point,
                "owner",
                lambda store: store.tag_point(slug, ref, owner=owner),
                _owner_said,
            )

    app.push_screen(
        AskDialog(
            f"Owner of {ref} (empty clears it)",
            point.owner or "",
            app.state.owners(),
            hint="→ takes the suggestion",
        ),
        answered,
    )


def ask_due(app, point: "PointView") -> None:
    from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

    slug, ref = app.state.slug, point.ref

    def answered(due: str | None) -> None:
        if due is not None:
            change(app, point, "due", lambda store: store.tag_point(slug, ref, due=due), _due_said)

    app.push_screen(
        AskDialog(
            f"Due of {ref} (empty clears it)",
            point.due or "",
            placeholder="2027-03-31, 2027-03, March 2027 or Ongoing",
        ),
        answered,
    )


def ask_themes(app, point: "PointView") -> None:
    from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

    slug, ref = app.state.slug, point.ref

    def answered(words: str | None) -> None:
        themes = [w.lstrip("#") for w in (words or "").split() if w.lstrip("#")]
        if themes:
            change(
                app,
                point,
                "themes",
                lambda store: store.tag_point(slug, ref, themes=themes),
                lambda p: "themes " + " ".join(f"#{t}" for t in p.themes),
            )

    app.push_screen(AskDialog(f"Themes to add to {ref}", placeholder="housing transport"), answered)


def ask_edit(app, point: "PointView") -> None:
    """Edit the whole point in the capture language, in a dialog."""
    from workshopkit.tui.dialogs.ask import AskDialog  # loaded when first asked

    slug, ref = app.state.slug, point.ref

    def answered(text: str | None) -> None:
        if text is not None and text.strip():
            change(app, point, "edit", lambda store: store.edit_point(slug, ref, text))

    app.push_screen(AskDialog(f"Edit {ref}", as_typed(as_captured(point))), answered)
