"""The room on phones, over HTTP as a phone's browser sends it: joining, adding, dots,
live updates, and every safety rule of the room (codes, cookies, Origin, CSRF, limits,
escaping, closing)."""

import asyncio
import json

import pytest
from aiohttp import ClientSession, CookieJar
from room_helpers import Phone, caught_up, said, served_room
from yarl import URL

from workshopkit.serve.room_page import LONGEST_POINT
from workshopkit.serve.room_server import COOKIE, MAX_REQUEST
from workshopkit.store.facade import Store


@pytest.fixture
def room_store(tmp_path):
    with Store(str(tmp_path / "room.db"), user="Facilitator") as store:
        workshop = store.create_workshop("Quay Day", ["Barriers", "Ideas"])
        store.add_points(workshop.breakouts[0], ["Lift broken #barrier", "Signs unclear"])
        store.open_room(workshop.slug)
        yield store


@pytest.fixture
async def room(room_store):
    async with served_room(room_store, "quay-day", most_phones=5, points_per_minute=3) as served:
        yield served


@pytest.fixture
async def phones(room):
    made: list[Phone] = []

    async def phone(name: str = "", script: bool = True) -> Phone:
        made.append(Phone(room[1], script))
        status, _ = await made[-1].join(room[0].room.code, name)
        assert status == 200
        return made[-1]

    yield phone
    for one in made:
        await one.close()


async def test_a_phone_joins_with_the_code_in_any_case_and_sees_the_breakout(room, room_store):
    server, base = room
    phone = Phone(base)
    code = server.room.code
    status, page = await phone.join(f"{code[:3].lower()}-{code[3:]}", "Ana")
    assert status == 200
    assert "You are Ana (phone 1)" in page and "A · Barriers" in page
    assert page.index("A2") < page.index("A1")  # newest first
    assert room_store.room("quay").phones == 1
    status, again = await phone.page()  # a reload is the same phone
    assert "You are Ana (phone 1)" in again
    await phone.close()


async def test_the_phone_cookie_is_httponly_and_samesite(room):
    server, base = room
    async with ClientSession() as http:
        form = {"code": server.room.code}
        async with http.post(
            f"{base}/join", data=form, headers={"Origin": base}, allow_redirects=False
        ) as answer:
            assert answer.status == 303
            cookie = answer.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


async def test_a_phone_without_a_name_is_numbered(phones):
    first, second = await phones(), await phones()
    assert "You are Phone 1" in (await first.page())[1]
    assert "You are Phone 2" in (await second.page())[1]


async def test_wrong_codes_are_refused_then_rate_limited(room):
    server, base = room
    phone = Phone(base)
    for _ in range(server.wrong.max_wrong):
        status, page = await phone.join("AAAAAA")
        assert status == 403 and "not the room's" in said(page)
    status, page = await phone.join(server.room.code)  # even the right one, for a minute
    assert status == 429 and "try again in" in said(page)
    assert server.room.phones == 0
    await phone.close()


async def test_a_phones_point_reaches_the_store_as_its_own(phones, room_store):
    phone = await phones("Ana")
    status, answer = await phone.add("Bins too few @Parks", kind="idea")
    assert status == 200 and answer["said"] == "Saved ✓ A3"
    assert answer["me"]["mine"] == ["A3"]  # the page marks it "yours"
    point = room_store.point("quay", "A3")
    assert (point.text, point.kind, point.owner) == ("Bins too few", "idea", "Parks")
    assert point.captured_by == "Ana (phone 1)"
    other = await phones("Ben")
    assert 'class="mine">yours' not in (await other.page())[1]


async def test_the_capture_language_works_from_a_phone(phones, room_store):
    phone = await phones()
    await phone.add("Fix the ramp #next due:2027-05")
    point = room_store.point("quay", "A3")
    assert (point.kind, point.due) == ("next", "2027-05")


async def test_dots_up_to_the_cap_and_budget_then_back(phones, room_store, room):
    room_store.set_room("quay", voting=True)
    room_store.add_points(room_store.workshop("quay").breakouts[0], ["Three", "Four"])
    phone = await phones()
    await caught_up(room, room_store)  # the room reads the store's change
    for _ in range(3):
        status, answer = await phone.dot("A1")
        assert status == 200
    status, answer = await phone.dot("A1")
    assert status == 409 and "cap is 3" in answer["said"]
    for ref in ("A2", "A3"):
        await phone.dot(ref)
    status, answer = await phone.dot("A4")
    assert status == 409 and "used all 5 dots" in answer["said"]
    assert answer["me"]["left"] == 0 and answer["me"]["dots"] == {"A1": 3, "A2": 1, "A3": 1}
    status, answer = await phone.dot("A1", take=True)
    assert status == 200 and answer["said"] == "Dot taken back from A1: 1 left."
    assert room_store.point("quay", "A1").voters == (("Phone 1", 2),)


async def test_voting_closed_or_another_breakout_is_refused(phones, room_store):
    room_store.add_points(room_store.workshop("quay").breakouts[1], ["Elsewhere"])
    phone = await phones()
    status, answer = await phone.dot("A1")
    assert status == 409 and "Voting is closed" in answer["said"]
    room_store.set_room("quay", voting=True)
    status, answer = await phone.dot("B1")
    assert status == 409 and "not on the room" in answer["said"]
    status, answer = await phone.dot("A1; DROP")
    assert status == 400
    assert room_store.point("quay", "A1").dots == 0


async def test_blind_counts_are_hidden_until_revealed(phones, room_store, room):
    room_store.set_room("quay", voting=True)
    room_store.vote("quay", "A1", "Kim")
    room_store.set_blind("quay", "A", True)
    phone = await phones()
    await caught_up(room, room_store)
    page = (await phone.page())[1]
    assert "votes hidden" in page and "1 vote" not in page
    room_store.set_blind("quay", "A", False)
    await caught_up(room, room_store)
    assert "1 vote" in (await phone.page())[1]


async def test_without_script_the_forms_post_and_come_back(phones, room_store, room):
    room_store.set_room("quay", voting=True)
    phone = await phones(script=False)
    status, page = await phone.add("Plain form point")
    assert status == 200 and said(page) == "Saved ✓ A3"  # after the redirect
    status, page = await phone.dot("A3")
    assert status == 200 and said(page) == "Dot placed on A3: 4 left."
    room_store.set_room("quay", adding=False)
    await caught_up(room, room_store)
    status, page = await phone.add("Kept when refused")
    assert status == 409 and "Adding points is closed" in said(page)
    assert "Kept when refused</textarea>" in page


async def test_the_live_stream_brings_others_changes(phones, room_store, room):
    phone = await phones()
    other = await phones()
    room_store.set_room("quay", voting=True)
    await phone.add("Mine, from this phone")
    await phone.dot("A1")
    await caught_up(room, room_store)
    async with phone.http.get(f"{room[1]}/events") as stream:
        first = json.loads((await stream.content.readline()).decode()[len("data: ") :])
        assert "Lift broken" in first["html"] and "Mine, from this phone" in first["html"]
        # Every phone gets the same page part; its own part comes beside it.
        assert "yours" not in first["html"] and 'name="csrf" value=""' in first["html"]
        assert first["me"] == {"mine": ["A3"], "dots": {"A1": 1}, "left": 4, "cap": 3}
        await stream.content.readline()
        await other.add("From the other phone")
        room_store.add_points(room_store.workshop("quay").breakouts[0], ["From the TUI"])
        seen: dict = {}
        async with asyncio.timeout(2):
            while "A5" not in seen or "A4" not in seen:
                line = (await stream.content.readline()).decode()
                if line.startswith("data: "):
                    event = json.loads(line[len("data: ") :])
                    assert "html" not in event  # the list stands: only what changed comes
                    seen.update(event["points"])
        # As data, each point as a phone's script draws it; the ones that did not change
        # do not come again.
        assert seen == {
            "A4": ["A4", "", "From the other phone", "0 votes"],
            "A5": ["A5", "", "From the TUI", "0 votes"],
        }


async def test_the_live_stream_sends_the_list_whole_when_the_room_changes(phones, room_store, room):
    phone = await phones()
    async with phone.http.get(f"{room[1]}/events") as stream:
        await stream.content.readline()
        room_store.set_room("quay", voting=True)  # every point gets its dot buttons
        async with asyncio.timeout(2):
            while True:
                line = (await stream.content.readline()).decode()
                if line.startswith("data: "):
                    break
        event = json.loads(line[len("data: ") :])
        assert event["voting"] is True and 'aria-label="Place a dot on A1"' in event["html"]
        room_store.delete_point("quay", "A2")
        async with asyncio.timeout(2):
            while not (line := (await stream.content.readline()).decode()).startswith("data: "):
                pass
        assert json.loads(line[len("data: ") :])["points"] == {"A2": None}


async def test_closing_the_room_ends_every_phone_session(phones, room_store, room):
    phone = await phones()
    async with phone.http.get(f"{room[1]}/events") as stream:
        await stream.content.readline()
        room_store.close_room("quay")
        async with asyncio.timeout(2):
            while b'"closed": true' not in await stream.content.readline():
                pass
    status, page = await phone.page()
    assert status == 403 and "The room is closed" in page
    room_store.open_room("quay")  # a new opening: the old cookie is not let back in
    await caught_up(room, room_store)
    status, page = await phone.page()
    assert "Join the room" in page
    status, answer = await phone.add("Sneaking back in")
    assert status == 403 and "join again" in answer["said"]


async def test_posts_from_another_site_or_without_the_token_are_refused(phones, room_store):
    phone = await phones()
    status, answer = await phone.post("/add", origin="http://evil.example", text="x")
    assert status == 403 and "another site" in answer["said"]
    status, answer = await phone.post("/add", csrf="0" * 32, text="x")
    assert status == 403 and "out of date" in answer["said"]
    async with phone.http.post(f"{phone.base}/add", data={"text": "x"}) as answer:
        assert answer.status == 403  # no Origin at all
    assert [p.ref for p in room_store.workshop("quay").points] == ["A1", "A2"]


async def test_a_forged_or_edited_cookie_is_no_phone(room):
    base = room[1]
    forged = {COOKIE: "1.QW5h.0123456789abcdef0123456789abcdef"}
    async with ClientSession(cookies=forged, cookie_jar=CookieJar(unsafe=True)) as http:
        async with http.get(f"{base}/") as answer:
            assert "Join the room" in await answer.text()
        async with http.get(f"{base}/events") as answer:
            assert answer.status == 403


async def test_a_cookie_or_token_that_is_not_ascii_is_refused_not_an_error(phones, room):
    phone = await phones()
    status, answer = await phone.post("/add", csrf="é" * 32, text="x")
    assert status == 403 and "out of date" in answer["said"]
    cookie = phone.http.cookie_jar.filter_cookies(URL(room[1]))[COOKIE].value
    number, name64, _mac = cookie.split(".")
    forged = {COOKIE: f"{number}.{name64}.{'é' * 32}"}
    async with (
        ClientSession(cookies=forged, cookie_jar=CookieJar(unsafe=True)) as http,
        http.get(f"{room[1]}/") as answer,
    ):
        assert answer.status == 200 and "Join the room" in await answer.text()


async def test_a_phone_cannot_edit_tag_or_delete(phones):
    phone = await phones()
    for path in ("/edit", "/tag", "/delete", "/ws", "/api/points"):
        status, _ = await phone.post(path, ref="A1", text="changed")
        assert status in (404, 405)


async def test_limits_on_size_rate_and_phones(phones, room_store, room):
    phone = await phones()
    status, answer = await phone.add("x" * (LONGEST_POINT + 1))
    assert status == 413 and "shorten" in answer["said"]
    status, _ = await phone.add("y" * MAX_REQUEST)
    assert status == 413
    for n in range(3):
        assert (await phone.add(f"Point {n}"))[0] == 200
    status, answer = await phone.add("One too many")
    assert status == 429 and "wait a minute" in answer["said"]
    for _ in range(4):
        await phones()
    late = Phone(room[1])
    status, page = await late.join(room[0].room.code)
    assert status == 503 and "full (5 phones)" in said(page)
    await late.close()


# As in the fuzz suite: markup, terminal escapes (C0 and C1), bidi overrides, and HTML.
HOSTILE = [
    "[b]x[/b]", "[@click=app.quit]", "\x1b[2J", "\x1b]8;;http://x\x1b\\", "\x9b31m",
    "\u202e", "\u2066", "\x00", '<img src=x onerror="alert(1)">', "<script>alert(1)</script>",
    "&amp;", "</textarea><b>",
]  # fmt: skip


async def test_hostile_text_is_shown_as_text(phones, room_store, room):
    phone = await phones('<b onclick="x()">Ana</b>\u202e')
    for n, text in enumerate(HOSTILE[:3]):
        await phone.add(f"{text} hostile {n}")
    room_store.add_points(
        room_store.workshop("quay").breakouts[0],
        ["\n".join(HOSTILE), "z" * 100_000],
    )
    await caught_up(room, room_store)
    status, page = await phone.page()
    assert status == 200
    assert "<script>alert" not in page and "<img" not in page and "<b " not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not any(c in page for c in "\x1b\x9b\u202e\u2066")
    assert "&lt;b onclick=&quot;x()&quot;&gt;Ana&lt;/b&gt; (phone 1)" in page


async def test_the_page_is_small_and_loads_nothing_from_elsewhere(phones, room):
    phone = await phones()
    page = (await phone.page())[1]
    total = len(page.encode())
    for asset in ("/room.css", "/room.js"):
        async with phone.http.get(f"{room[1]}{asset}") as answer:
            total += len(await answer.read())
    assert total < 60_000
    assert "http://" not in page and "https://" not in page and "//" not in page.replace("://", "")
    async with phone.http.get(f"{room[1]}/") as answer:
        policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy


async def test_every_control_says_what_it_does(phones, room_store, room):
    room_store.set_room("quay", voting=True)
    phone = await phones()
    await caught_up(room, room_store)
    page = (await phone.page())[1]
    assert 'aria-label="Place a dot on A1"' in page
    assert 'aria-label="Take a dot back from A1"' in page
    assert ">Add point</button>" in page and 'label for="text"' in page
