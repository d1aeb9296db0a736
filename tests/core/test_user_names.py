"""The name given for a store on this machine: kept once asked, and never in the way."""

from workshopkit.core.user_names import explicit_user, names_file, remember_name, remembered_name


def test_a_name_given_for_a_store_is_found_again_and_only_for_that_store():
    assert remembered_name("sessions/a.db") is None
    assert remember_name("sessions/a.db", "  Priya\x1b[31m ")
    assert remember_name("postgresql://host/db", "Sam")
    assert remembered_name("sessions/a.db") == "Priya[31m"  # cleaned: no ESC comes back
    assert remembered_name("postgresql://host/db") == "Sam"
    assert remembered_name("sessions/b.db") is None


def test_an_unreadable_or_unwritable_names_file_asks_again_and_breaks_nothing():
    path = names_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert remembered_name("sessions/a.db") is None
    assert remember_name("sessions/a.db", "Priya")  # a damaged file is replaced
    assert remembered_name("sessions/a.db") == "Priya"


def test_a_names_folder_that_cannot_be_made_gives_false_not_an_error(monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the config folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked))
    assert not remember_name("sessions/b.db", "Sam")  # even root cannot make it a folder
    assert remembered_name("sessions/b.db") is None


def test_a_name_is_explicit_from_as_or_the_environment(monkeypatch):
    monkeypatch.delenv("WORKSHOPKIT_USER")
    assert not explicit_user(None) and not explicit_user("  ")
    assert explicit_user("Priya")
    monkeypatch.setenv("WORKSHOPKIT_USER", "Sam")
    assert explicit_user(None)
