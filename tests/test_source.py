from __future__ import annotations

import time

import pytest

from compose.config.source import Override, Reset, decode, parse
from compose.errors import ConfigError, Location


def test_yaml_12_scalars_keep_strings_where_yaml_11_would_not() -> None:
    (doc,) = parse("a: [yes, no, on, off, 22:22, 0755, 0o17, 0x1f, true, 1.5, ~, 089]\n", "f.yaml")
    # a leading zero reads as octal, as Compose's YAML reader still does for YAML 1.1 files (mode: 0440)
    assert doc.data["a"] == ["yes", "no", "on", "off", "22:22", 0o755, 15, 31, True, 1.5, None, 89]


def test_locations_of_keys_and_values() -> None:
    (doc,) = parse("services:\n  web:\n    image: nginx\n    ports:\n      - '80:80'\n", "c.yaml")
    assert doc.source.key(("services", "web", "image")) == Location("c.yaml", 3, 5)
    assert doc.source.value(("services", "web", "image")) == Location("c.yaml", 3, 12)
    assert doc.source.value(("services", "web", "ports", 0)) == Location("c.yaml", 5, 9)
    # an unknown path falls back to its nearest known parent
    assert doc.source.key(("services", "web", "nope", 3)) == Location("c.yaml", 2, 3)


def test_duplicate_key_names_both_places() -> None:
    with pytest.raises(ConfigError) as info:
        parse("services:\n  web: {}\n  web: {}\n", "c.yaml")
    assert str(info.value) == "c.yaml:3:3: duplicate key 'web'\n  hint: first defined at c.yaml:2:3"


def test_merge_keys_and_anchors() -> None:
    (doc,) = parse("x: &base {image: a, tty: true}\ns:\n  <<: *base\n  image: b\n", "c.yaml")
    assert doc.data["s"] == {"image": "b", "tty": True}


def test_syntax_error_has_position() -> None:
    with pytest.raises(ConfigError) as info:
        parse("services:\n  web: [a\n", "c.yaml")
    assert str(info.value).startswith("c.yaml:3:1: invalid YAML:")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    start = time.monotonic()
    with pytest.raises(ConfigError, match="too many nodes"):
        parse("\n".join(lines) + "\n", "bomb.yaml")
    assert time.monotonic() - start < 10  # generous: the point is it stops, not how fast


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ConfigError, match="nested too deeply"):
        parse("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")


def test_reset_and_override_tags() -> None:
    (doc,) = parse("a: !reset []\nb: !override [1]\n", "c.yaml")
    assert isinstance(doc.data["a"], Reset)
    assert doc.data["b"] == Override([1])


def test_unknown_tag_and_non_string_key() -> None:
    with pytest.raises(ConfigError, match="unknown YAML tag !foo"):
        parse("a: !foo 1\n", "c.yaml")
    with pytest.raises(ConfigError, match="must be a string"):
        parse("? [1]\n: 2\n", "c.yaml")


def test_non_utf8_is_refused_with_position() -> None:
    with pytest.raises(ConfigError) as info:
        decode(b"a: 1\nb: \xff\n", "c.yaml")
    assert str(info.value) == "c.yaml:2:4: the file is not UTF-8 (byte 0xff)"


def test_empty_file_is_an_error_and_documents_are_split() -> None:
    with pytest.raises(ConfigError, match="empty compose file"):
        parse("# nothing\n", "c.yaml")
    first, second = parse("a: 1\n---\nb: 2\n", "c.yaml")
    assert (first.data, second.data) == ({"a": 1}, {"b": 2})
    assert second.source.key(("b",)) == Location("c.yaml", 3, 1)
    with pytest.raises(ConfigError, match="mapping at the top level"):
        parse("- a\n", "c.yaml")


ANCHOR_CHAIN = """\
x-a: &a {image: busybox, imag: typo}
x-b: &b
  <<: *a
  tty: true
services:
  web:
    <<: *b
    image: own
  db: *b
"""


def test_an_alias_is_converted_once_and_its_locations_point_into_the_anchor() -> None:
    (doc,) = parse(ANCHOR_CHAIN, "c.yaml")
    assert doc.data["services"]["db"] is doc.data["x-b"]
    assert doc.data["services"]["web"] == {"image": "own", "imag": "typo", "tty": True}
    assert doc.source.key(("services", "web", "imag")) == Location("c.yaml", 1, 26)
    assert doc.source.value(("services", "db", "imag")) == Location("c.yaml", 1, 32)
    assert doc.source.key(("services", "db", "tty")) == Location("c.yaml", 4, 3)
    # a mapping's own key keeps its own place, not the merged one's
    assert doc.source.key(("services", "web", "image")) == Location("c.yaml", 8, 5)


def test_below_a_top_level_extension_an_alias_is_located_where_it_is_used() -> None:
    (doc,) = parse(ANCHOR_CHAIN, "c.yaml")
    assert doc.source.key(("x-b", "tty")) == Location("c.yaml", 4, 3)
    assert doc.source.key(("x-b", "imag")) == Location("c.yaml", 2, 1)


def test_a_chain_of_anchors_each_used_many_times_loads_at_once() -> None:
    lines = ["x-a: &a {k: v}"]
    for prev, name in zip("abcdefghij", "bcdefghijk", strict=True):
        lines.append(f"x-{name}: &{name} [*{prev}, *{prev}, *{prev}]")
    lines += ["services:"] + [f"  s{i}:\n    image: x\n    labels: {{<<: *a}}" for i in range(200)]
    (doc,) = parse("\n".join(lines) + "\n", "chain.yaml")
    assert doc.data["x-k"][0] is doc.data["x-k"][2]  # 3**10 uses of x-a's mapping, converted once
    assert len(doc.source.values) < 2000  # and not one location per use below x-
    assert doc.source.key(("services", "s199", "labels", "k")) == Location("chain.yaml", 1, 10)


def test_a_duplicate_key_names_its_first_place_even_below_a_merge() -> None:
    with pytest.raises(ConfigError) as info:
        parse("x: &x {a: 1}\ny:\n  <<: *x\n  b: 1\n  b: 2\n", "c.yaml")
    assert str(info.value) == "c.yaml:5:3: duplicate key 'b'\n  hint: first defined at c.yaml:4:3"
