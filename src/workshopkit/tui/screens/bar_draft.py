"""The capture bar's draft: its text, written to a file on every change, so that a crash
never costs what was typed, and put back in the bar when the workshop is opened again."""

from workshopkit.core.files.draft import Draft, DraftFile
from workshopkit.tui.widgets.capture_bar import CaptureBar


class BarDraft:
    """The draft of ``bar`` in ``file``, kept under the workshop's slug."""

    def __init__(self, bar: CaptureBar, file: DraftFile) -> None:
        self.bar, self.file = bar, file

    def restore(self, key: str | None) -> None:
        """Put the draft left for workshop ``key`` back in an empty bar."""
        # Texts sent and not yet saved are in the draft too: this session's, not a crash's.
        if self.bar.value or self.bar.input.pending or not key:
            return
        draft = self.file.load(key)
        if draft is not None:
            self.bar.set_text(draft.text)
            self.bar.status("restored unsaved text", "busy")

    def save(self, key: str | None, letter: str | None) -> None:
        if not key:
            return
        # Texts sent but not yet confirmed are part of the draft until their commit.
        text = "  ".join([*self.bar.input.pending, self.bar.value]).strip()
        self.file.save(Draft(key, letter, text))

    def move(self, typed_key: str, slug: str, letter: str | None) -> None:
        """The workshop opened as ``typed_key`` (the start of its slug) is ``slug``: what
        is in the bar now, and what was sent from it, belongs under the full slug, beside
        any older draft."""
        if self.bar.value or self.bar.input.pending:
            older = self.file.load(slug)
            if older is not None:
                self.bar.set_text(f"{older.text}  {self.bar.value}".strip())
            self.save(slug, letter)
        self.file.clear(typed_key)
