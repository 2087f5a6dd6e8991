"""Every test runs with its own index, state and config folders, never the user's real ones."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(base / "config"))
