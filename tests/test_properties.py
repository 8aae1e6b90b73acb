"""Properties of the loader (hypothesis): no input gives a traceback, and ``config`` output round-trips.

(a) random documents, compose-shaped or not, full of ``$``, ``${``, unicode, huge numbers, NaN, None;
(b) mutations of a valid, realistic file: a key dropped, a value's type changed, an unknown key, a
    key duplicated in the text, the text truncated, a byte that is not UTF-8;
(c) generated valid projects: ``to_yaml(loaded.canonical)`` (what ``pycompose config`` prints) loads
    again to an equal model.
For (a) and (b) the only exceptions allowed are PycomposeError's; whatever loads must also render
(the ``config`` command renders what it loads). Each test keeps its example count small: the whole
file runs in well under 30 s.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose.config import Loaded, LoadOptions, load_project
from compose.config.output import to_json, to_yaml
from compose.errors import PycomposeError

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import gen_project  # noqa: E402

FAST = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
ENVIRONMENT = {"SET": "value", "EMPTY": "", "PORT": "8080", "DOLLAR": "$x"}

TOP_KEYS = ["name", "version", "services", "networks", "volumes", "secrets", "configs", "include", "models"]
SERVICE_KEYS = [
    "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes",
    "depends_on", "healthcheck", "restart", "networks", "network_mode", "labels", "container_name",
    "working_dir", "user", "hostname", "tty", "stdin_open", "profiles", "extends", "deploy", "scale",
    "secrets", "configs", "links", "dns", "extra_hosts", "logging", "ulimits", "sysctls", "cap_add",
    "tmpfs", "devices", "pull_policy", "stop_grace_period", "init", "x-custom",
]  # fmt: skip
RESOURCE_KEYS = [
    "name",
    "driver",
    "driver_opts",
    "external",
    "internal",
    "labels",
    "attachable",
    "ipam",
    "file",
]
TRICKY_STRINGS = [
    "$", "$$", "${", "${}", "${SET", "${SET}", "${UNSET}", "$SET", "${SET:-d}", "${UNSET:-${SET}}",
    "${UNSET:?must be set}", "${EMPTY:?}", "${SET:+alt}", "${UNSET-x}", "${1BAD}", "${SET:}", "$$${SET}",
    "a$", "${SET:-${UNSET:-${EMPTY}}}", "${UNSET:-}}", "80", "80:80", "127.0.0.1:80:80/udp", "1-2:3-4",
    "65536:1", "0:0", ":80", "./data:/data:ro", "data:/data:zz", "/only", ":", "::", "a:b:c:d",
    "service:x", "host", "none", "yes", "no", "on", "off", "~", "null", "true", "0x1F", "0o17", "1e400",
    "-.inf", ".nan", "10s", "1m30s", "bogus-duration", "1.5GB", "\u00e9\u00e8", "\u2603", "\U0001f600",
    "\x00", "\t", "a\nb", "'", '"', "x-", "default", "!reset", "service_healthy", "CMD", "CMD-SHELL",
]  # fmt: skip


# -- (a) random documents -------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**200),
    st.integers(max_value=-(2**63)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(TRICKY_STRINGS),
)
keys = st.one_of(
    st.sampled_from(SERVICE_KEYS + RESOURCE_KEYS + TOP_KEYS + ["target", "source", "published", "test"]),
    st.sampled_from(TRICKY_STRINGS),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)
names = st.one_of(st.sampled_from(["web", "db", "default", "x-ext", "a", "b"]), st.text(max_size=6))
service = st.dictionaries(st.sampled_from(SERVICE_KEYS) | keys, values, max_size=6)
resource = st.none() | st.dictionaries(st.sampled_from(RESOURCE_KEYS) | keys, values, max_size=4)
compose_shaped = st.fixed_dictionaries(
    {"services": st.dictionaries(names, st.none() | service, max_size=4)},
    optional={
        "name": scalars,
        "networks": st.dictionaries(names, resource, max_size=3),
        "volumes": st.dictionaries(names, resource, max_size=3),
        "secrets": st.dictionaries(names, resource, max_size=2),
        "x-any": values,
    },
)
any_document = st.one_of(
    compose_shaped,
    st.dictionaries(st.sampled_from(TOP_KEYS) | keys, values, max_size=5),
    values,
)
YAML_PIECES = [
    "services:", "  web:", "    image: nginx", "    ports:", "      - ", "80:80", "\n", "  ", "- ", ": ",
    "&a ", "*a", "<<: *a", "!reset ", "!override ", "!!str ", "!!binary ", "!custom ", "{", "}", "[", "]",
    ",", "'", '"', "#", "|", ">", "---", "...", "? ", "${", "$$", "${SET:-x}", "\t", "%YAML 1.2", "\u2603",
]  # fmt: skip
fragments = st.text(max_size=5)
yaml_ish_text = st.lists(st.sampled_from(YAML_PIECES) | fragments, max_size=40).map("".join)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="props-") as tmp:
        root = Path(tmp) / "props"
        root.mkdir()
        yield root


def load(root: Path, text: str | bytes, name: str = "compose.yaml") -> Loaded:
    path = root / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_project(LoadOptions(working_dir=str(root), files=(name,), environment=ENVIRONMENT))


def never_a_traceback(root: Path, text: str | bytes) -> Loaded | None:
    """Load and render ``text``; a PycomposeError is a fine answer, any other exception is a bug."""
    try:
        loaded = load(root, text)
    except PycomposeError:
        return None
    to_yaml(loaded.canonical)
    to_json(loaded.canonical)
    return loaded


class QuotingDumper(yaml.SafeDumper):
    """SafeDumper that also quotes strings the YAML 1.2 core schema (what pycompose reads) takes for numbers.

    PyYAML decides quoting with YAML 1.1's rules, so ``"1e5"`` and ``"0o17"`` would go out plain and be
    read back as numbers: that would be a bug of this test's input, not of the loader.
    """


QuotingDumper.yaml_implicit_resolvers = {
    k: list(v) for k, v in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
for _tag, _pattern, _first in (
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    QuotingDumper.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=QuotingDumper, allow_unicode=True, sort_keys=False)


@FAST
@given(document=any_document)
def test_random_documents_never_give_a_traceback(folder: Path, document: Any) -> None:
    never_a_traceback(folder, dump(document))


@FAST
@given(text=yaml_ish_text)
def test_random_yaml_text_never_gives_a_traceback(folder: Path, text: str) -> None:
    never_a_traceback(folder, text)


# -- (b) mutations of a valid realistic file ------------------------------------------------------

REALISTIC = """\
name: shop
x-common: &common
  restart: unless-stopped
  labels:
    com.example.team: shop
x-health: &health
  interval: 10s
  timeout: 3s
  retries: 5
services:
  web:
    <<: *common
    image: ${REGISTRY:-docker.io}/shop/web:${TAG:-1.2}
    build:
      context: ./web
      args:
        VERSION: "1.2"
    command: ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
    ports:
      - "${PORT:-8000}:8000"
      - target: 9000
        published: 9001
        protocol: udp
    environment:
      DATABASE_URL: postgres://shop:$${PASSWORD}@db/shop
      CACHE: redis://cache:6379/0
      DEBUG: "false"
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    volumes:
      - ./static:/srv/static:ro
      - uploads:/srv/uploads
    networks:
      front:
        aliases:
          - shop
      back:
    healthcheck:
      <<: *health
      test: ["CMD", "curl", "-f", "http://localhost:8000/"]
  worker:
    <<: *common
    image: shop/worker:1.2
    command: celery -A app worker --loglevel=${LOG_LEVEL:-info}
    environment:
      - QUEUE=default
      - SET
    depends_on:
      - cache
      - db
    networks:
      - back
    profiles:
      - jobs
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${PASSWORD:-secret}
    volumes:
      - type: volume
        source: pgdata
        target: /var/lib/postgresql/data
    networks:
      - back
    healthcheck:
      <<: *health
      test: pg_isready -U shop
  cache:
    image: redis:7
    command: ["redis-server", "--appendonly", "yes"]
    networks:
      - back
    tmpfs:
      - /tmp
networks:
  front:
  back:
    driver: bridge
    labels:
      com.example.net: back
volumes:
  pgdata:
  uploads:
    driver: local
"""
BASE = yaml.safe_load(REALISTIC)
KEY_LINE = re.compile(r"^\s*(?!<<)[A-Za-z_][\w.-]*:(\s|$)")


def paths_of(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``value`` (mapping keys and list indexes), the root excluded."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield (*path, key)
            yield from paths_of(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield (*path, i)
            yield from paths_of(sub, (*path, i))


def containers_of(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a mapping inside ``value``, the root included."""
    if isinstance(value, dict):
        yield path
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, sub in children:
        yield from containers_of(sub, (*path, key))


def at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def test_the_realistic_file_loads(folder: Path) -> None:
    loaded = load(folder, REALISTIC)
    assert set(loaded.project.services) == {"web", "db", "cache"}
    assert loaded.project.services["web"].environment["DATABASE_URL"] == "postgres://shop:${PASSWORD}@db/shop"


@FAST
@given(data=st.data())
def test_a_dropped_key_never_gives_a_traceback(folder: Path, data: st.DataObject) -> None:
    document = json.loads(json.dumps(BASE))
    path = data.draw(st.sampled_from(list(paths_of(document))))
    del at(document, path[:-1])[path[-1]]
    never_a_traceback(folder, dump(document))


@FAST
@given(data=st.data(), value=values)
def test_a_value_of_another_type_never_gives_a_traceback(
    folder: Path, data: st.DataObject, value: Any
) -> None:
    document = json.loads(json.dumps(BASE))
    path = data.draw(st.sampled_from(list(paths_of(document))))
    at(document, path[:-1])[path[-1]] = value
    never_a_traceback(folder, dump(document))


@FAST
@given(data=st.data(), key=keys, value=values)
def test_an_unknown_key_never_gives_a_traceback(
    folder: Path, data: st.DataObject, key: str, value: Any
) -> None:
    document = json.loads(json.dumps(BASE))
    path = data.draw(st.sampled_from(list(containers_of(document))))
    at(document, path)[key] = value
    never_a_traceback(folder, dump(document))


@settings(FAST, max_examples=60)
@given(line=st.sampled_from([i for i, ln in enumerate(REALISTIC.splitlines()) if KEY_LINE.match(ln)]))
def test_a_duplicated_key_line_is_a_duplicate_key_error(folder: Path, line: int) -> None:
    lines = REALISTIC.splitlines(keepends=True)
    lines.insert(line + 1, lines[line])
    # "duplicate key 'x'", or "duplicate anchor" when the line also defines an anchor
    with pytest.raises(PycomposeError, match="duplicate"):
        load(folder, "".join(lines))


@FAST
@given(cut=st.integers(min_value=0, max_value=len(REALISTIC)))
def test_truncated_text_never_gives_a_traceback(folder: Path, cut: int) -> None:
    never_a_traceback(folder, REALISTIC[:cut])


@FAST
@given(where=st.integers(min_value=0, max_value=len(REALISTIC)), junk=st.binary(min_size=1, max_size=4))
def test_inserted_bytes_never_give_a_traceback(folder: Path, where: int, junk: bytes) -> None:
    raw = REALISTIC.encode()
    never_a_traceback(folder, raw[:where] + junk + raw[where:])


@pytest.mark.parametrize("char", ["\x08", "\x7f", "\x9b", "\ufffe"])
def test_a_character_yaml_does_not_allow_is_an_error(folder: Path, char: str) -> None:
    with pytest.raises(PycomposeError):  # not yaml's ReaderError
        load(folder, f"services: {{}}\n{char}\n")


def test_a_byte_that_is_not_utf8_is_an_error(folder: Path) -> None:
    raw = REALISTIC.encode()
    with pytest.raises(PycomposeError, match="not UTF-8"):
        load(folder, raw[:100] + b"\xff" + raw[100:])


# -- (c) round trip of valid projects -------------------------------------------------------------

service_names = st.lists(
    st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True), min_size=1, max_size=6
)
resource_names = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), max_size=3, unique=True)
# What an environment value should be in the model: any text (``$`` included, written ``$$`` in the
# file), a number, or None (the value then comes from the shell's environment). Not U+0085 (NEL): PyYAML's
# pure-Python emitter, which writes this test's input, writes it raw, and YAML reads a raw NEL as a line
# break (config's own output is checked for it by a test below).
env_values = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(exclude_characters="\x85", exclude_categories=["Cs"]), max_size=10),
    st.integers(),
)


@st.composite
def port_lists(draw: st.DrawFn, free: Iterator[int]) -> list[Any]:
    """Short, host, host-IP and long forms; each published port is new."""
    ports: list[Any] = []
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.integers(1, 65535))
        form = draw(st.sampled_from(["short", "host", "long", "ip"]))
        if form == "short":
            ports.append(str(target))
        elif form == "host":
            ports.append(f"{next(free)}:{target}")
        elif form == "ip":
            ports.append(f"127.0.0.1:{next(free)}:{target}/udp")
        else:
            ports.append({"target": target, "published": next(free), "protocol": "tcp"})
    return ports


def escaped(value: Any) -> Any:
    return value.replace("$", "$$") if isinstance(value, str) else value


@st.composite
def environments(draw: st.DrawFn) -> dict[str, Any] | list[str]:
    """A mapping or a KEY=VALUE list; every literal ``$`` written ``$$``."""
    env = draw(
        st.dictionaries(st.from_regex(r"[A-Z_][A-Z0-9_]{0,6}", fullmatch=True), env_values, max_size=3)
    )
    if draw(st.booleans()):
        return {k: escaped(v) for k, v in env.items()}
    return [k if v is None else f"{k}={escaped(v)}" for k, v in env.items()]


def intended_environment(written: dict[str, Any] | list[str]) -> dict[str, str | None]:
    """What the model's environment should hold for what ``environments`` wrote."""
    if isinstance(written, list):
        items = [item.partition("=") for item in written]
        written = {key: value if sep else None for key, sep, value in items}
    return {k: ENVIRONMENT.get(k) if v is None else str(v).replace("$$", "$") for k, v in written.items()}


@st.composite
def dependencies(draw: st.DrawFn, earlier: list[str]) -> list[str] | dict[str, Any]:
    """Only on services defined before: never a cycle."""
    deps = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=3, unique=True))
    condition = draw(
        st.sampled_from(["service_started", "service_healthy", "service_completed_successfully"])
    )
    return deps if draw(st.booleans()) else {d: {"condition": condition} for d in deps}


@st.composite
def mount_lists(draw: st.DrawFn, name: str, volumes: list[str]) -> list[Any]:
    mounts: list[Any] = []
    if volumes and draw(st.booleans()):
        mounts.append(f"{draw(st.sampled_from(volumes))}:/data/{name}")
    if draw(st.booleans()):
        mounts.append(f"./{name}:/srv{':ro' if draw(st.booleans()) else ''}")
    if draw(st.booleans()):
        mounts.append({"type": "volume", "target": "/anon"})
    return mounts


@st.composite
def network_choices(draw: st.DrawFn, name: str, networks: list[str]) -> list[str] | dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(networks), min_size=1, unique=True))
    return chosen if draw(st.booleans()) else {n: {"aliases": [f"{name}-{n}"]} for n in chosen}


@st.composite
def valid_projects(draw: st.DrawFn) -> dict[str, Any]:
    """A valid project: services with image, ports, environment, acyclic depends_on, volumes, networks."""
    names = list(dict.fromkeys(draw(service_names)))
    networks = [n for n in draw(resource_names) if n != "default"]
    volumes = draw(resource_names)
    free_ports = iter(range(20000, 30000))
    services: dict[str, Any] = {}
    for i, name in enumerate(names):
        candidates = {
            "image": draw(st.from_regex(r"[a-z]{1,8}(:[a-z0-9.]{1,5})?", fullmatch=True)),
            "ports": draw(port_lists(free_ports)),
            "environment": draw(environments()),
            "depends_on": draw(dependencies(names[:i])) if i and draw(st.booleans()) else None,
            "volumes": draw(mount_lists(name, volumes)),
            "networks": draw(network_choices(name, networks)) if networks and draw(st.booleans()) else None,
        }
        services[name] = {key: value for key, value in candidates.items() if value}
    project: dict[str, Any] = {"services": services}
    if networks:
        project["networks"] = {n: draw(st.sampled_from([None, {"driver": "bridge"}])) for n in networks}
    if volumes:
        project["volumes"] = {v: draw(st.sampled_from([None, {"labels": {"k": "v"}}])) for v in volumes}
    return project


def round_trip(root: Path, text: str) -> tuple[Loaded, Loaded]:
    """Load ``text``, print it as ``config`` does, load the print from the same folder."""
    first = load(root, text)
    again = load(root, to_yaml(first.canonical), name="printed.yaml")
    return first, again


def assert_same_model(first: Loaded, again: Loaded) -> None:
    assert dict(again.project.services) == dict(first.project.services)
    assert dict(again.project.networks) == dict(first.project.networks)
    assert dict(again.project.volumes) == dict(first.project.volumes)
    assert again.project.name == first.project.name


@FAST
@given(project=valid_projects())
def test_config_output_loads_again_to_an_equal_model(folder: Path, project: dict[str, Any]) -> None:
    first, again = round_trip(folder, dump(project))
    assert set(first.project.services) == set(project["services"])
    for name, spec in project["services"].items():
        if "environment" in spec:
            assert dict(first.project.services[name].environment) == intended_environment(spec["environment"])
    assert_same_model(first, again)


def test_the_realistic_file_round_trips(folder: Path) -> None:
    assert_same_model(*round_trip(folder, REALISTIC))


@pytest.mark.parametrize("kind", ["realistic", "big"])
def test_the_benchmark_files_load_and_round_trip(folder: Path, kind: str) -> None:
    text = gen_project.realistic(24) if kind == "realistic" else gen_project.big(6, target_bytes=30_000)
    for context in gen_project.build_contexts(24):
        (folder / context).mkdir(exist_ok=True)
    first, again = round_trip(folder, text)
    assert len(first.project.services) == (24 if kind == "realistic" else 6)
    assert_same_model(first, again)


@pytest.mark.parametrize("written", ["a$$b", "$${HOME}", "$$$$", "$$%.2f", "$$x$$"])
def test_config_output_keeps_literal_dollars(folder: Path, written: str) -> None:
    first, again = round_trip(
        folder, dump({"services": {"web": {"image": "x", "environment": {"P": written}}}})
    )
    assert first.project.services["web"].environment["P"] == written.replace("$$", "$")
    assert_same_model(first, again)


def test_config_output_keeps_the_order_of_depends_on_and_networks(folder: Path) -> None:
    text = """\
services:
  b: {image: x}
  a: {image: x}
  c:
    image: x
    depends_on: [b, a]
    networks: [front, back]
networks: {front: {}, back: {}}
"""
    first, again = round_trip(folder, text)
    assert [d.service for d in first.project.services["c"].depends_on] == ["a", "b"]
    assert_same_model(first, again)


def test_config_output_keeps_a_next_line_character(folder: Path) -> None:
    # PyYAML's pure-Python emitter writes U+0085 (NEL) raw and YAML reads a raw NEL as a line break;
    # libyaml's emitter escapes it.
    first, again = round_trip(
        folder, 'services:\n  web:\n    image: x\n    environment:\n      E: "a\\x85b"\n'
    )
    assert first.project.services["web"].environment["E"] == "a\x85b"
    assert again.project.services["web"].environment["E"] == "a\x85b"


@pytest.mark.parametrize("value", ["1e5", "0o17", "-2E+3"])
def test_config_output_quotes_strings_that_read_as_numbers(folder: Path, value: str) -> None:
    first, again = round_trip(folder, f"services:\n  web:\n    image: x\n    environment: [E={value}]\n")
    assert first.project.services["web"].environment["E"] == value
    assert again.project.services["web"].environment["E"] == value
