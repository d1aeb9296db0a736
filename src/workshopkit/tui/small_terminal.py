"""Below the smallest size the screens lay out in, every screen shows only a notice.

At a width of a few columns Textual's widgets crash (an OptionList's height is worked
out at a width of 0) or lay themselves out again and again (a dialog at 7 or 8 columns
redrew for ever, megabytes of frames every ten seconds). So while the terminal is too small, each
screen on the stack, and each one pushed meanwhile, lays out only a ``TooSmall`` notice:
it is the screen's maximized widget (Textual's maximized view arranges no other child,
whatever display a child sets on itself), and app.tcss hides the few that view keeps
(the footer, the toasts). Nothing is removed or rebuilt: once the terminal is large
enough again every screen comes back as it was, its typed text, scroll and selection
untouched, and the widget that had focus has it again.

Keys and pastes are dropped meanwhile, except the quit key: nothing is on screen, and a
key acting unseen (``x`` deletes a point) would be worse than a key lost.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.app import ScreenStackError
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from workshopkit.core.screen_size import too_small
from workshopkit.tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from textual.app import App

CLASS = "-too-small"  # on a screen while it shows the notice (see app.tcss)


@dataclass
class Kept:
    """What a screen had when the notice covered it, to give back."""

    focused: Widget | None
    maximized: Widget | None
    notice: TooSmall


class SmallTerminal:
    """Covers the app's screens with the notice while the terminal is too small."""

    def __init__(self, app: "App") -> None:
        self.app = app
        self.covered: WeakKeyDictionary[Screen, Kept] = WeakKeyDictionary()

    @property
    def active(self) -> bool:
        """True while the screen on view shows the notice (a key would act unseen)."""
        try:
            return self.app.screen in self.covered
        except ScreenStackError:
            return False

    following = False  # subscribed to screen changes (only once the terminal was small)

    def start(self) -> None:
        """Cover the screens if the terminal starts too small. Called as the app mounts,
        with its first screen in place and not yet laid out."""
        self.fit(self.app.size)

    def _follow(self) -> None:
        """From the first time the terminal is too small: cover each screen pushed. Not
        before: a terminal of a usable size pays nothing at start-up."""
        if not self.following:
            self.following = True
            # Immediate: a pushed screen is covered before its first layout, not after.
            self.app.screen_change_signal.subscribe(self.app, self._screen_changed, immediate=True)

    def fit(self, size: Size) -> None:
        """The terminal is now ``size``. Called as the app hears of it, before its screens
        are laid out again: covering now, none is ever laid out in a tiny terminal."""
        if too_small(size.width, size.height):
            self._follow()
            for screen in self.app.screen_stack:
                self._cover(screen)
            # A screen pushed but not yet attached (a slow start: the size came in between)
            # cannot take the notice now, and its push was announced before any follower
            # listened: cover it once it is.
            self.app.call_after_refresh(self._cover_stack)
        # Growing, each screen is uncovered once it has been laid out at a size that fits
        # (see _laid_out): uncovered now, a screen still at the tiny size, or with that
        # size's resize still to handle, would lay all its widgets out in it.

    def _cover_stack(self) -> None:
        if too_small(*self.app.size):
            for screen in self.app.screen_stack:
                self._cover(screen)

    def _screen_changed(self, screen: Screen) -> None:
        if too_small(*self.app.size):
            self._cover(screen)

    def _laid_out(self, screen: Screen) -> None:
        fits = not too_small(*self.app.size) and not too_small(*screen.size)
        if fits and screen in self.covered:
            self._uncover(screen)

    def _cover(self, screen: Screen) -> None:
        if screen in self.covered or not screen.is_attached:
            return
        notice = TooSmall()
        self.covered[screen] = Kept(screen.focused, screen.maximized, notice)
        screen.add_class(CLASS)
        screen.mount(notice)
        screen.maximized = notice
        # Blurred now, before the widget is hidden: Textual blurs a focused widget when
        # it is hidden, whenever that message is handled, which could be after the
        # terminal has grown again and the focus been given back.
        screen.set_focus(None)
        screen.screen_layout_refresh_signal.subscribe(self.app, self._laid_out)

    def _uncover(self, screen: Screen) -> None:
        kept = self.covered.pop(screen)
        screen.screen_layout_refresh_signal.unsubscribe(self.app)
        screen.remove_class(CLASS)
        maximized = kept.maximized
        screen.maximized = maximized if maximized is not None and maximized.is_attached else None
        kept.notice.remove()
        focused = kept.focused
        if screen.focused is not None:
            return  # focused since (a dialog's field, the bar after the name was asked)
        if focused is not None and focused.is_attached and focused.screen is screen:
            # As when the terminal itself regains focus: an Input keeps its selection
            # instead of selecting all it holds (the next key would replace it).
            screen.set_focus(focused, scroll_visible=False, from_app_focus=True)
            return
        # Pushed while covered: its first focus (AUTO_FOCUS) found nothing to focus.
        auto_focus = self.app.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if auto_focus:
            screen.focus_next(auto_focus)
