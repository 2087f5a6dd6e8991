"""briefing: a terminal briefing reader for piles of news articles about one event."""

__version__ = "0.1.0"
