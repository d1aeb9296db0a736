import pytest


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch, tmp_path):
    """Keep a developer's own store and name out of every test."""
    monkeypatch.delenv("WORKSHOPKIT_DB", raising=False)
    monkeypatch.setenv("WORKSHOPKIT_USER", "Tester")
