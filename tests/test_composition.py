"""extends, include, env_file, multiple documents and merge tags, through the whole loader."""

from __future__ import annotations

import pytest

from compose.errors import ConfigError
from tests.conftest import WriteProject
from tests.helpers import load


def test_extends_in_the_same_file_merges_and_resets(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          base:
            image: app
            command: serve
            environment: {A: "1", B: "1"}
            ports: ["80"]
          web:
            extends: base
            environment: {B: "2"}
            ports: ["81:81"]
          quiet:
            extends: {service: base}
            command: !reset null
            ports: !reset []
        """
    )
    services = load(root).project.services
    assert services["web"].image == "app"
    assert services["web"].environment == {"A": "1", "B": "2"}
    assert [(p.published, p.target) for p in services["web"].ports] == [("", 80), ("81", 81)]
    assert services["quiet"].ports == ()
    assert services["quiet"].command is None


def test_extends_from_another_file_keeps_its_paths(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            extends: {file: common/base.yaml, service: app}
            depends_on: [db]
          db: {image: db}
        """,
        **{
            "common/base.yaml": """
        services:
          app:
            build: ./src
            volumes: ["./data:/data"]
            depends_on: [other]
          other: {image: x}
        """
        },
    )
    web = load(root).project.services["web"]
    assert web.build is not None and web.build.context == str(root / "common" / "src")
    assert web.volumes[0].source == str(root / "common" / "data")
    # references to the other file's services are not inherited
    assert [d.service for d in web.depends_on] == ["db"]


def test_extends_errors(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  a: {extends: b}\n  b: {extends: a}\n")
    with pytest.raises(ConfigError, match="extends cycle: a -> b -> a"):
        load(root)
    root = write_project("p2", compose="services:\n  a:\n    extends: {file: nope.yaml, service: x}\n")
    with pytest.raises(ConfigError) as info:
        load(root)
    assert str(info.value).startswith(
        f"{root}/compose.yaml:3:5: services.a.extends: extends file nope.yaml not found"
    )


def test_include_brings_resources_with_their_own_env(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        include:
          - lib/compose.yaml
        services:
          web: {image: web, depends_on: [cache]}
        """,
        **{
            "lib/compose.yaml": """
            services:
              cache:
                image: cache:${CACHE_TAG}
                volumes: ["./conf:/conf"]
            """,
            "lib/.env": "CACHE_TAG=7\n",
        },
    )
    project = load(root).project
    assert project.services["cache"].image == "cache:7"
    assert project.services["cache"].volumes[0].source == str(root / "lib" / "conf")
    assert project.services["web"].depends_on[0].service == "cache"


def test_include_conflicts_and_cycles(write_project: WriteProject) -> None:
    root = write_project(
        compose="include: [other.yaml]\nservices:\n  web: {image: a}\n",
        **{"other.yaml": "services:\n  web: {image: b}\n"},
    )
    with pytest.raises(ConfigError, match=r"services\.web conflicts with a resource of the same name"):
        load(root)
    root = write_project(
        "cyc",
        compose="include: [a.yaml]\nservices:\n  x: {image: a}\n",
        **{"a.yaml": "include: [compose.yaml]\nservices:\n  y: {image: a}\n"},
    )
    with pytest.raises(ConfigError, match="cycle"):
        load(root)


def test_env_file_forms(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: a
            env_file:
              - common.env
              - path: raw.env
                format: raw
              - path: missing.env
                required: false
            environment: {OWN: "yes", SHARED: own}
        """,
        **{
            "common.env": "SHARED=file\nFROM_FILE=${HOME_DIR:-none}\n",
            "raw.env": "RAW=$NOT_INTERPOLATED 'kept'\n",
        },
    )
    env = load(root, {"HOME_DIR": "/h"}).project.services["web"].environment
    assert env == {"SHARED": "own", "FROM_FILE": "/h", "RAW": "$NOT_INTERPOLATED 'kept'", "OWN": "yes"}


def test_missing_env_file_is_an_error(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  web:\n    image: a\n    env_file: nope.env\n")
    with pytest.raises(ConfigError) as info:
        load(root)
    assert f"env file {root}/nope.env not found" in str(info.value)


def test_documents_in_one_file_merge_in_order(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  t: {image: a:1}\n---\nservices:\n  t: {image: a:2}\n")
    assert load(root).project.services["t"].image == "a:2"


def test_override_tag_replaces_instead_of_merging(write_project: WriteProject) -> None:
    root = write_project(
        compose="services:\n  t:\n    image: a\n    ports: ['80:80']\n",
        **{"compose.override.yaml": "services:\n  t:\n    ports: !override ['81:81']\n"},
    )
    assert [p.published for p in load(root).project.services["t"].ports] == ["81"]


def test_consistency_rules(write_project: WriteProject) -> None:
    cases = [
        (
            "services:\n  a:\n    image: x\n    network_mode: host\n    networks: [default]\n",
            "declares both network_mode and networks",
        ),
        (
            "services:\n  a: {image: x}\nvolumes:\n  v: {external: true, driver: local}\n",
            'conflicting parameters "external" and "driver" specified',
        ),
        (
            "services:\n  a:\n    image: x\n    volumes: [{type: bind, target: /x}]\n",
            "field Source must not be empty",
        ),
        ("services:\n  123: {image: x}\n", "a mapping key must be a string"),
    ]
    for i, (text, message) in enumerate(cases):
        root = write_project(f"c{i}", compose=text)
        with pytest.raises(ConfigError, match=message):
            load(root)
