"""``@record`` behaves as ``@dataclass(frozen=True, slots=True)``: the same values, equality, hash, repr."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compose.record import record


@record
class Point:
    """A keyword-only record with defaults, a factory and fields left out of comparison and repr."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class PointDC:
    """The same fields as a standard dataclass."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@record(kw_only=False)
class Pair:
    """A positional record."""

    kind: str
    name: str = ""


@record(kw_only=False)
class Single:
    """One compared field (its key is still a tuple)."""

    value: int


@record
class Labelled:
    """A record whose body defines its own equality."""

    name: str
    label: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Labelled) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


@record
class Child(Point):
    """A record built on another: the parent's fields first."""

    z: int = 0


values = st.fixed_dictionaries(
    {"x": st.integers(), "y": st.integers()},
    optional={"tags": st.lists(st.text(max_size=3), max_size=3), "note": st.text(max_size=3)},
)


@given(values, values)
def test_a_record_compares_hashes_and_shows_as_the_dataclass(
    a: dict[str, object], b: dict[str, object]
) -> None:
    ra, rb, da, db = Point(**a), Point(**b), PointDC(**a), PointDC(**b)  # type: ignore[arg-type]
    assert (ra == rb) == (da == db)
    assert repr(ra).replace("Point", "PointDC", 1) == repr(da)
    assert dataclasses.asdict(ra) == dataclasses.asdict(da)
    if not a.get("tags") and not b.get("tags"):  # hashable only without a list
        ra, rb = dataclasses.replace(ra, tags=()), dataclasses.replace(rb, tags=())  # type: ignore[arg-type]
        if ra == rb:
            assert hash(ra) == hash(rb)


def test_defaults_factories_and_arguments() -> None:
    p = Point(x=1)
    assert (p.x, p.y, p.tags, p.note) == (1, 0, [], "")
    assert Point(x=1).tags is not p.tags  # each instance has its own list
    assert Point(x=1, note="a") == Point(x=1, note="b")  # note is not compared
    assert "note" not in repr(Point(x=1, note="hidden"))
    assert Pair("network", "front") == Pair(kind="network", name="front") == Pair("network", name="front")
    assert Pair("volume").name == ""
    assert Single(1) != Single(2) and hash(Single(3)) == hash(Single(3))
    assert Point(x=1) != PointDC(x=1)  # type: ignore[comparison-overlap]  # another class is never equal
    assert Point.__match_args__ == PointDC.__match_args__ == ()  # keyword-only fields are not matched
    assert Pair.__match_args__ == ("kind", "name")
    assert [f.name for f in dataclasses.fields(Child)] == ["x", "y", "tags", "note", "z"]
    assert Child(x=1, z=2) == Child(x=1, z=2) != Child(x=1, z=3)


def test_bad_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match="missing required argument: 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'w'"):
        Point(x=1, w=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 0 positional arguments"):
        Point(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 2 positional arguments but 3"):
        Pair("a", "b", "c")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'kind'"):
        Pair("a", kind="b")  # type: ignore[misc]


def test_a_record_is_frozen_and_slotted() -> None:
    p = Point(x=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.x
    assert not hasattr(p, "__dict__")
    assert dataclasses.replace(p, y=5) == Point(x=1, y=5)


def test_copy_and_pickle_keep_the_values() -> None:
    p = Point(x=1, y=2, tags=["a"], note="n")
    for other in (copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert other == p and other.note == "n" and other is not p


def test_methods_the_body_defines_are_kept() -> None:
    assert Labelled(name="a", label="x") == Labelled(name="a", label="y")
    assert hash(Labelled(name="a", label="x")) == hash("a")
    assert repr(Labelled(name="a")) == "Labelled(name='a', label='')"


def test_what_a_record_cannot_do_is_refused() -> None:
    with pytest.raises(TypeError, match="init=False"):

        @record
        class NoInit:
            a: int = field(default=0, init=False)

    with pytest.raises(TypeError, match="__post_init__"):

        @record
        class PostInit:
            a: int = 0

            def __post_init__(self) -> None:
                pass
