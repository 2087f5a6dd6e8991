"""A readable summary of a corpus per topic, for the terminal (rich). Article text is never markup."""

from __future__ import annotations

from rich.console import Console, Group as RichGroup
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from briefing.corpus import Corpus
from briefing.wording import noun, plural

_FACTS_PER_TOPIC = 5


def _badge(outlets: int) -> Text:
    if outlets <= 1:
        return Text("single source", style="yellow")
    return Text(f"{outlets} outlets", style="bold green")


def render_summary(corpus: Corpus, console: Console) -> None:
    """Print the corpus: its articles, then per topic the best-corroborated facts."""
    first, last = corpus.date_range()
    dates = f"{first} to {last}" if first and first != last else (first or "dates unknown")
    header = Text.assemble(
        (f"{corpus.name}", "bold"),
        f" · {len(corpus.articles)} articles · {corpus.source_count()} independent sources · {dates}",
    )
    console.print(Panel(header, expand=False))

    articles = Table(title="Articles", title_justify="left", show_lines=False)
    for col, kw in (("id", {}), ("outlet", {}), ("title", {"overflow": "fold", "ratio": 3}),
                    ("date", {}), ("statements", {"justify": "right"})):
        articles.add_column(col, **kw)
    for a in corpus.articles:
        articles.add_row(Text(a.id), Text(a.outlet or "unknown outlet", style="" if a.outlet else "dim"),
                         Text(a.display_title), Text(a.published or "—"), str(len(a.statements)))
    console.print(articles)

    counts = corpus.topic_counts()
    for topic in corpus.topics:
        groups = sorted(corpus.groups_for([topic.id]), key=lambda g: (-g.outlets, g.id))
        title = Text.assemble((f"[{topic.key}] " if topic.key else "", "dim"), (topic.label, "bold cyan"),
                              f"  {plural(counts.get(topic.id, 0), 'statement')}, {plural(len(groups), 'fact')}")
        lines: list[Text] = []
        for g in groups[:_FACTS_PER_TOPIC]:
            rep = corpus.statement(g.representative)
            line = Text("• ")
            line.append_text(_badge(g.outlets))
            line.append("  ")
            line.append(rep.text)
            if rep.speaker:
                line.append(f" — {rep.speaker}", style="italic")
            lines.append(line)
        if len(groups) > _FACTS_PER_TOPIC:
            lines.append(Text(f"… and {len(groups) - _FACTS_PER_TOPIC} more (briefing export --topic {topic.id})", style="dim"))
        if not lines:
            lines.append(Text("No statements.", style="dim"))
        console.print(Panel(RichGroup(*lines), title=title, title_align="left"))
    untagged = sum(1 for s in corpus.statements() if not s.topics)
    console.print(Text(f"{plural(untagged, 'statement')} {noun(untagged, 'belongs', 'belong')} to no topic. "
                       "Export everything with: briefing export --format md -o briefing.md", style="dim"))
    for f in corpus.failures:
        console.print(Text.assemble(("not loaded: ", "bold red"), f.path, ": ", f.reason))
