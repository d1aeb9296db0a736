"""PostgreSQL: each write announces itself as it commits, so that open screens follow
another's commit at once; a write that changed nothing announces nothing."""

import threading
import time
import uuid

import pytest

from workshopkit.core.errors import NotFound
from workshopkit.store.facade import Store


def test_a_commit_is_heard_by_a_listener_on_another_connection(pg_url):
    with Store(pg_url, "Ana") as ana, Store(pg_url, "Ben") as ben:
        view = ana.create_workshop("Harbour Forum", ["Getting there"])
        notices = ana.commit_notices()
        assert notices is not None
        try:
            assert notices.wait(0.2) is False  # nothing committed since it listened
            later = threading.Timer(0.2, ben.add_point, (view.breakouts[0], "Ferry times"))
            began = time.monotonic()
            later.start()
            assert notices.wait(5) is True
            assert time.monotonic() - began < 2
            later.join()
            assert notices.wait(0.2) is False  # one commit, heard once
        finally:
            notices.close()


def test_a_write_that_changed_nothing_is_not_announced(pg_url):
    with Store(pg_url, "Ana") as ana:
        view = ana.create_workshop("Harbour Forum", ["Getting there"])
        notices = ana.commit_notices()
        try:
            with pytest.raises(NotFound):
                ana.tag_point(view.slug, "A99", owner="Harbour Trust")
            assert notices.wait(0.3) is False
        finally:
            notices.close()


def test_a_sqlite_store_has_no_notices(tmp_path):
    """Its looks read a counter kept in memory by SQLite: ten a second cost nothing."""
    with Store(str(tmp_path / "s.db"), "Ana") as ana:
        assert ana.commit_notices() is None


def test_a_store_hears_only_its_own_commits(pg_url, pg_server):
    """Notices are the database's: a store in another schema of it has its own channel."""
    from sqlalchemy import text

    other_schema = f"wk_test_other_{uuid.uuid4().hex[:8]}"
    with pg_server.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {other_schema}"))
    other_url = pg_server.url.update_query_dict({"options": f"-csearch_path={other_schema}"})
    try:
        with Store(pg_url, "Ana") as ana, Store(other_url.render_as_string(False), "Ben") as ben:
            ana.create_workshop("Harbour Forum", ["Getting there"])
            elsewhere = ben.create_workshop("Quay Day", ["Boats"])
            notices = ana.commit_notices()
            try:
                ben.add_point(elsewhere.breakouts[0], "Water taxis")
                assert notices.wait(0.3) is False
            finally:
                notices.close()
    finally:
        with pg_server.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {other_schema} CASCADE"))
