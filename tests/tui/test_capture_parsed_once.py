"""A capture is parsed once: as it is typed, for the reading under the bar."""

from tui_helpers import settle

from workshopkit.store import points


async def test_the_store_takes_the_point_as_the_bar_read_it(make_app, store, monkeypatch):
    view = store.create_workshop("Harbour Forum", ["Getting there"])
    parsed_by_the_store = []
    real = points.parse

    def counted(text):
        parsed_by_the_store.append(text)
        return real(text)

    monkeypatch.setattr(points, "parse", counted)
    app = make_app(workshop=view.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ramp #barrier @Council")
        await pilot.press("enter")
        await settle(pilot)
    assert parsed_by_the_store == []
    point = store.point(view.slug, "A1")
    assert (point.text, point.kind.value, point.owner) == ("Ramp", "barrier", "Council")
