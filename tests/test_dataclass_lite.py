"""lite_dataclass: the same behaviour as a dataclass with generated methods, checked side by side."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from briefing.dataclass_lite import lite_dataclass
from briefing.ingest.documents import Document
from briefing.model import Article, LoadFailure, Topic
from briefing.outline import Outline


def _pair(*, frozen: bool, slots: bool):
    """The same class twice: once as a dataclass, once as a lite dataclass."""

    def body(decorate):
        @decorate
        class Record:
            """A record."""

            name: str
            count: int = 0
            tags: tuple[str, ...] = ()
            extra: dict = field(default_factory=dict, compare=False)
            notes: list = field(default_factory=list, hash=False)
            hidden: str = field(default="h", repr=False)
            late: int = field(default=7, init=False)

            def __post_init__(self) -> None:
                if self.count < 0:
                    raise ValueError("negative count")

        return Record

    pair = body(dataclass(frozen=frozen, slots=slots)), body(lite_dataclass(frozen=frozen, slots=slots))
    for kind, cls in zip(("Full", "Lite"), pair, strict=True):  # module-level names, for pickle
        cls.__qualname__ = cls.__name__ = f"{kind}{'Frozen' if frozen else ''}{'Slots' if slots else ''}"
        globals()[cls.__qualname__] = cls
    return pair


def _outcome(call):
    try:
        return ("ok", call())
    except Exception as exc:  # noqa: BLE001 - the kind of error is what is compared
        return ("error", type(exc))


CALLS = [
    ((), {}),
    (("a",), {}),
    (("a", 2), {}),
    (("a", 2, ("x",)), {"extra": {"k": 1}}),
    ((), {"name": "a", "count": 3, "notes": [1]}),
    (("a",), {"name": "b"}),  # given twice
    (("a",), {"nope": 1}),  # unknown
    (("a", 1, (), {}, [], "h", 9), {}),  # too many (late is not an argument)
    (("a",), {"late": 1}),
    (("a", -1), {}),  # refused by __post_init__
]


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("slots", [True, False])
def test_a_lite_dataclass_behaves_as_a_dataclass(frozen: bool, slots: bool) -> None:
    full, lite = _pair(frozen=frozen, slots=slots)
    assert [f.name for f in dataclasses.fields(lite)] == [f.name for f in dataclasses.fields(full)]
    for args, kwargs in CALLS:
        a, b = _outcome(lambda: full(*args, **kwargs)), _outcome(lambda: lite(*args, **kwargs))
        assert a[0] == b[0], (args, kwargs, a, b)
        if a[0] == "error":
            assert a[1] is b[1], (args, kwargs)
            continue
        x, y = a[1], b[1]
        assert dataclasses.asdict(x) == dataclasses.asdict(y)
        assert repr(x).replace("Full", "R", 1) == repr(y).replace("Lite", "R", 1)
        assert y.late == 7

    x1, x2 = lite("a", 1, extra={"k": 1}), lite("a", 1, extra={"k": 2})
    assert x1 == x2 and x1 != lite("a", 2) and x1 != "a"  # ``extra`` is not compared
    assert x1.__eq__(full("a", 1)) is NotImplemented  # another class
    if frozen:
        assert hash(lite("a", 1, notes=[1])) == hash(lite("a", 1, notes=[2]))  # ``notes`` is not hashed
        assert hash(lite("a", 1)) != hash(lite("a", 2))
        with pytest.raises(dataclasses.FrozenInstanceError):
            x1.name = "b"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del x1.name
    else:
        with pytest.raises(TypeError):
            hash(x1)  # as a dataclass with eq and not frozen
        x1.count = 5
        assert x1.count == 5

    y = dataclasses.replace(x1, count=4, notes=[3])
    assert (y.name, y.count, y.notes, y.extra) == ("a", 4, [3], x1.extra)
    for clone in (pickle.loads(pickle.dumps(x2)), copy.copy(x2), copy.deepcopy(x2)):
        assert clone == x2 and clone.extra == x2.extra and clone.late == x2.late
    if slots:
        assert not hasattr(x1, "__dict__")


def test_a_lite_dataclass_needs_no_docstring() -> None:
    @lite_dataclass
    class Bare:
        a: int
        b: str = ""

    assert Bare(1) == Bare(1, "") and Bare.__doc__ == "Bare(a, b)"


def test_the_models_records_pickle_compare_and_refuse_changes() -> None:
    topic = Topic(id="t", label="T", terms=("a",))
    article = Article(id="x", path="p", title="Title", metadata_sources={"title": "sidecar"})
    failure = LoadFailure("p", "why")
    doc = Document(id="x", path="p", text="t", format="text", meta={"a": 1}, encoding="utf-8", sha256="0")
    outline = Outline("corpus", (topic,), (article,), failures=(failure,))
    for value in (topic, article, failure, doc, outline):
        assert pickle.loads(pickle.dumps(value)) == value
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.id = "y"  # type: ignore[misc]
    assert article == dataclasses.replace(article, metadata_sources={})  # not compared, as before
    assert hash(article) == hash(dataclasses.replace(article, metadata_sources={}))
    assert {topic, topic} == {topic}
    assert repr(failure) == "LoadFailure(path='p', reason='why')"
