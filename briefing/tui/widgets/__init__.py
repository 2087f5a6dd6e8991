"""The app's panes, one per module."""

from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.corroboration import CorroborationPane
from briefing.tui.widgets.reader import ReaderPane
from briefing.tui.widgets.topic_list import TopicList

__all__ = ["ArticleList", "CorroborationPane", "ReaderPane", "TopicList"]
