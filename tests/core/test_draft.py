"""The capture bar's draft file: where it lives, and that it round-trips."""

from pathlib import Path

from workshopkit.core.files.draft import Draft, DraftFile, draft_path


def test_the_draft_sits_beside_the_store_one_per_user(tmp_path):
    store = tmp_path / "rooms" / "forum.db"
    assert draft_path(str(store), "Sam") == tmp_path / "rooms" / ".drafts" / "forum.db-sam.json"
    assert draft_path(str(store), "Ana") != draft_path(str(store), "Sam")
    assert draft_path(f"sqlite:///{store}", "Sam") == draft_path(str(store), "Sam")


def test_default_store_and_database_urls(monkeypatch):
    monkeypatch.delenv("WORKSHOPKIT_DB", raising=False)
    assert draft_path(None, "Sam") == Path("sessions/.drafts/workshopkit.db-sam.json")
    url = draft_path("postgresql+psycopg://db.example/forum", "Sam")
    assert url.parent == Path("sessions/.drafts")
    assert url != draft_path("postgresql+psycopg://db.example/other", "Sam")
    assert "example" not in url.name  # nothing of the URL (a password, say) in a file name


def test_save_load_clear_one_draft_per_workshop(tmp_path):
    draft = DraftFile(tmp_path / "d" / "x.json")
    assert draft.load("harbour-forum") is None
    draft.save(Draft("harbour-forum", "B", "Half a thought\tabout [bold]parking\x1b[2J"))
    draft.save(Draft("town-day", "A", "Another room"))
    again = DraftFile(tmp_path / "d" / "x.json")
    assert again.load("harbour-forum") == Draft(
        "harbour-forum", "B", "Half a thought\tabout [bold]parking[2J"
    )
    assert again.load("town-day") == Draft("town-day", "A", "Another room")
    draft.save(Draft("harbour-forum", "B", "   "))  # an empty bar leaves no draft
    assert draft.load("harbour-forum") is None
    assert draft.load("town-day") is not None
    draft.clear("town-day")
    assert not (tmp_path / "d" / "x.json").exists()


def test_a_damaged_draft_is_ignored(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b'{"drafts": {"a": {"text": ')
    assert DraftFile(path).load("a") is None
    path.write_bytes(b"\xff\xfe not json")
    assert DraftFile(path).load("a") is None
    path.write_text('{"drafts": {"a": "just text"}}')
    assert DraftFile(path).load("a") is None


def _claim_in_another_process(wanted, hold: bool):
    import subprocess
    import sys

    script = (
        "import sys, pathlib; from workshopkit.core.files.draft import claim; "
        f"print(claim(pathlib.Path({str(wanted)!r})), flush=True)"
        + ("; sys.stdin.read()" if hold else "")
    )
    return subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def test_two_running_copies_under_one_name_keep_separate_drafts(tmp_path):
    from workshopkit.core.files.draft import claim

    wanted = tmp_path / ".drafts" / "store.db-sam.json"
    holder = _claim_in_another_process(wanted, hold=True)
    try:
        assert holder.stdout.readline().strip() == str(wanted)  # the first copy takes it
        mine = claim(wanted)
        assert mine == wanted.with_name("store.db-sam-2.json")
        assert claim(wanted) == mine  # this copy keeps the one it took
    finally:
        holder.kill()  # ends as a crash would
        holder.communicate()
    # The crashed copy's draft is free again for the next start.
    restarted = _claim_in_another_process(wanted, hold=False)
    assert restarted.communicate()[0].strip() == str(wanted)


def _counting_reads(monkeypatch) -> list[Path]:
    reads: list[Path] = []
    real = Path.read_text

    def counted(self, *args, **kwargs):
        reads.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    return reads


def test_typing_writes_the_draft_without_reading_it_back(tmp_path, monkeypatch):
    path = tmp_path / "x.json"
    DraftFile(path).save(Draft("harbour-forum", "A", "From before"))
    reads = _counting_reads(monkeypatch)
    draft = DraftFile(path)
    assert draft.load("harbour-forum").text == "From before"
    typed = ""
    for character in "Ferry times are too short":  # one save per key, as the bar does
        typed += character
        draft.save(Draft("town-day", "B", typed))
    assert reads == [path]
    again = DraftFile(path)  # and the file holds every key, as a crash would find it
    assert again.load("town-day").text == "Ferry times are too short"
    assert again.load("harbour-forum").text == "From before"


def test_another_writer_of_the_file_is_never_overwritten_with_an_old_copy(tmp_path):
    path = tmp_path / "x.json"
    mine, theirs = DraftFile(path), DraftFile(path)
    mine.save(Draft("town-day", "A", "Mine"))
    theirs.save(Draft("harbour-forum", "B", "Theirs"))
    mine.save(Draft("town-day", "A", "Mine, longer"))
    assert DraftFile(path).load("harbour-forum").text == "Theirs"
    assert DraftFile(path).load("town-day").text == "Mine, longer"


def test_a_failed_write_is_tried_again_by_the_next_save(tmp_path, monkeypatch):
    path = tmp_path / "x.json"
    draft = DraftFile(path)
    draft.save(Draft("town-day", "A", "Bus"))
    real = Path.write_text

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    draft.save(Draft("town-day", "A", "Buses"))  # quietly not written
    monkeypatch.setattr(Path, "write_text", real)
    draft.save(Draft("town-day", "A", "Buses"))  # the same text again: written now
    assert DraftFile(path).load("town-day").text == "Buses"
