"""The engine and the exporting command line never import textual (start-up stays fast)."""

import subprocess
import sys


def imported_modules(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_engine_does_not_import_textual():
    mods = imported_modules("import briefing.pipeline, briefing.corpus, briefing.export, briefing.ingest")
    assert not any(m == "textual" or m.startswith("textual.") for m in mods)


def test_export_command_does_not_import_textual(tmp_path):
    code = (f"from briefing.cli import main; main(['export', '--format', 'json', '-o', r'{tmp_path / 'x.json'}'])")
    mods = imported_modules(code)
    assert not any(m == "textual" or m.startswith("textual.") for m in mods)


def test_importing_the_package_is_light():
    mods = imported_modules("import briefing.cli")
    heavy = {"trafilatura", "feedparser", "charset_normalizer", "syntok", "rich", "textual"}
    assert not heavy & {m.split(".")[0] for m in mods}


def test_a_warm_index_opens_without_the_analysers(tmp_path):
    """Opening a corpus the index already holds imports neither the cleaner, the segmenter nor a
    process pool (a fast start is a start that imports little)."""
    import os

    code = ("from briefing.store import open_corpus; open_corpus(cache=r'%s')" % (tmp_path / "index.sqlite3"))
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)  # fills the index
    mods = imported_modules(code)
    assert not {"briefing.clean", "briefing.sentences", "briefing.statements", "syntok", "multiprocessing",
                "concurrent.futures.process", "textual"} & mods


def test_a_cold_first_frame_loads_only_what_it_draws():
    """The app's first frame on the bundled corpus, with an empty index (the cache dir of this test),
    imports neither the filter language, the corpus module, the tagger, the statements and analysis
    records, json, hashlib (OpenSSL's) nor any dialog (nor parses the dialogs' styles): each is loaded
    when first used (start-up is measured by make bench)."""
    code = (
        "import os, sys\n"
        "from briefing.tui.app import BriefingApp\n"
        "class FirstFrame(BriefingApp):\n"
        "    def on_ready(self):\n"
        "        assert self.outline is not None, 'no outline on the first frame'\n"
        "        css = ['css:app.tcss'] if self.stylesheet.has_source(self.CSS_PATH) else []\n"
        "        print('\\n'.join([*sys.modules, *css]), flush=True)\n"
        "        os._exit(0)\n"
        "FirstFrame().run(headless=True, size=(120, 34))\n"
    )
    mods = imported_modules(code)
    assert {"briefing.tui.app", "briefing.outline"} <= mods  # (it did draw the outline)
    assert not {"json", "briefing.filters", "briefing.corpus", "briefing.corroborate", "briefing.records",
                "briefing.tagger", "briefing.tui.screens.dialog", "briefing.clean", "syntok", "hashlib",
                "_hashlib"} & mods
    assert "css:app.tcss" in mods  # (and the dialogs' styles, their default CSS, come with their module)


def test_a_warm_first_frame_loads_neither_the_engine_nor_corroboration():
    """With the bundled corpus in the index, the app's first frame comes from the outline the index
    recorded: it imports none of the loaders and analysers, nor corroboration and its records (the
    threshold that keys the outline comes from briefing.calibration)."""
    subprocess.run([sys.executable, "-c", "from briefing.store import open_corpus; open_corpus()"], check=True,
                   capture_output=True)  # fills the index (the cache dir of this test)
    code = (
        "import os, sys\n"
        "from briefing.tui.app import BriefingApp\n"
        "class FirstFrame(BriefingApp):\n"
        "    def on_ready(self):\n"
        "        assert self.outline is not None and self.outline.analysed, 'no recorded outline on the first frame'\n"
        "        print('\\n'.join(sys.modules), flush=True)\n"
        "        os._exit(0)\n"
        "FirstFrame().run(headless=True, size=(120, 34))\n"
    )
    mods = imported_modules(code)
    assert "briefing.store.quick" in mods
    assert not {"briefing.corroborate", "briefing.records", "briefing.ingest", "briefing.pipeline", "briefing.corpus",
                "briefing.tagger", "briefing.clean", "briefing.filters", "numpy", "scipy"} & mods
