"""The ingest layer: article files (text, Markdown, HTML, RSS/Atom feeds) to decoded documents.

Only the standard library is imported here; trafilatura, feedparser, charset-normalizer and
python-frontmatter are imported by the loaders that need them, on first use.
"""

from briefing.ingest.documents import SUPPORTED_SUFFIXES, Document, LoadResult, load_paths

__all__ = ["SUPPORTED_SUFFIXES", "Document", "LoadResult", "load_paths"]
