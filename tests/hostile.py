"""The hostile corpus: every kind of bad input an analyst's folder can hold.

The small text files are committed in `tests/fixtures/hostile/` (readable, reviewable); what is
big, binary or a file-system trick (symlink loop, mode 000, a directory named `x.txt`) is made here
at test time by `build(folder)`, which copies the committed files and adds the rest.

`EXPECTED` says, for every entry, whether the reader must load it or report it (and why).
Run `python tests/hostile.py FOLDER` to build the corpus by hand, e.g. to open it in the app.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
BIG_BYTES = 50_000_000
LONG_LINE_BYTES = 1_000_000

# name -> ("loaded" | "failed" | "duplicate" | "skipped", words the one-line reason or the text must show)
EXPECTED: dict[str, tuple[str, str]] = {
    "empty.txt": ("failed", "empty"),
    "random-bytes.txt": ("failed", "binary"),
    "photo.png": ("skipped", "not an article file"),
    "photo-renamed.txt": ("failed", "binary"),
    "cp1252.txt": ("loaded", "Café owners in Zürich"),
    "latin1.txt": ("loaded", "Señora Muñoz"),
    "utf16-bom.txt": ("loaded", "UTF-16 encoded dispatch"),
    "mixed-line-endings.txt": ("loaded", "line endings"),
    "huge.txt": ("failed", "too large: 50.0 MB > limit 5.0 MB (raise --max-size)"),
    "one-long-line.txt": ("loaded", "unbroken"),
    "escape-sequences.txt": ("loaded", "red alert"),
    "markup.txt": ("loaded", "[bold red]"),
    "markdown-injection.md": ("loaded", "javascript:alert"),
    "malformed-front-matter.md": ("failed", "malformed front matter"),
    "broken.html": ("loaded", "broken markup"),
    "unclosed-title.html": ("failed", "no article text"),
    "truncated.rss": ("loaded", "truncated feed"),
    "truncated.rss#2": ("failed", "no text"),
    "loop": ("failed", "symlink loop"),
    "unreadable.txt": ("failed", "permission denied"),
    "copy-a.txt": ("loaded", "identical twin"),
    "copy-b.txt": ("duplicate", "copy-a.txt"),
    "chinese.txt": ("loaded", "国务卿"),
    "arabic.txt": ("loaded", "وزير الخارجية"),
}


def build(folder: Path, *, big: bool = True) -> Path:
    """Write the whole hostile corpus into ``folder`` (created) and return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for f in FIXTURES.iterdir():
        if f.is_file():
            shutil.copyfile(f, folder / f.name)
    rng = random.Random(2023)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random-bytes.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2048))
    (folder / "photo.png").write_bytes(png)
    (folder / "photo-renamed.txt").write_bytes(png)
    (folder / "cp1252.txt").write_bytes(
        ("Café owners in Zürich said the “new rules” would cost them €40,000 a year — a figure the city "
         "disputes.\n\nThe council’s spokesman said the estimate was “exaggerated” and that talks would go on "
         "until the summer recess.\n").encode("cp1252"))
    (folder / "latin1.txt").write_bytes(
        ("Señora Muñoz, the mayor of Alcalá, said the harbour plan was approved after a year of debate.\n\n"
         "Opponents in the región said they would appeal the decision before the autumn.\n").encode("latin-1"))
    (folder / "utf16-bom.txt").write_bytes(
        ("This UTF-16 encoded dispatch reports that negotiators met for three hours on Tuesday.\n\n"
         "Both delegations described the meeting as constructive and agreed to meet again.\n").encode("utf-16"))
    (folder / "mixed-line-endings.txt").write_bytes(
        b"The ministry said the report mixes Windows line endings\r\nwith Unix ones and old Mac ones.\r\n\r\n"
        b"Officials promised a corrected version by Friday.\n\nThe corrected version arrived on Monday.\r"
        b"\rIt contained no new figures.\n")
    (folder / "escape-sequences.txt").write_text(
        "The harbour authority said \x1b[31mred alert\x1b[0m was lifted on Tuesday after the inspection.\n\n"
        "A cursor move \x1b[2J\x1b[H and a bell \x07 sat in the harbour authority's second statement.\n\n"
        "The clipboard write \x1b]52;c;cm0gLXJmIH4=\x07 and a link \x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ "
        "were in the third statement of the harbour authority.\n\n"
        "A title change \x1b]0;pwned\x07 and a C1 control \x9b31m closed the harbour authority report.\n",
        encoding="utf-8")
    sentence = "The unbroken paragraph keeps going without a single newline as the officials talk on. "
    line = (sentence * (LONG_LINE_BYTES // len(sentence) + 1))[:LONG_LINE_BYTES]
    (folder / "one-long-line.txt").write_text(line, encoding="utf-8")
    if big:
        with open(folder / "huge.txt", "wb") as f:
            chunk = ("A very large file of repeated text that no article should ever be. " * 1000).encode()
            for _ in range(BIG_BYTES // len(chunk) + 1):
                f.write(chunk)
    (folder / "x.txt").mkdir(exist_ok=True)
    loop = folder / "loop"
    if not loop.is_symlink():
        os.symlink("loop", loop)
    unreadable = folder / "unreadable.txt"
    unreadable.write_text("Nobody may read this article about the harbour talks.\n", encoding="utf-8")
    unreadable.chmod(0)
    return folder


def cleanup(folder: Path) -> None:
    """Give back permissions so the folder can be removed."""
    unreadable = Path(folder) / "unreadable.txt"
    if unreadable.exists():
        unreadable.chmod(0o644)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    print(build(target))
