"""Every test runs with its own index, state and config folders, never the user's real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(base / "config"))


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A writable copy of the bundled articles (with their sources.toml and topics.toml)."""
    from briefing.resources import bundled_articles

    target = tmp_path / "articles"
    shutil.copytree(bundled_articles(), target)
    return target


@pytest.fixture(scope="module")
def corpus():
    """The bundled corpus, analysed (a module may define its own ``corpus``)."""
    from briefing.pipeline import build_corpus

    return build_corpus()


@pytest.fixture
def data(tmp_path, monkeypatch):
    """The app's data and config folders in ``tmp_path``, which is also the working directory."""
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"
