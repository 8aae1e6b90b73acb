"""``label_file``: labels read from files when the project is loaded, under the service's own ``labels``."""

from __future__ import annotations

import pytest

from compose import desired
from compose.engine import docker_mapping
from compose.errors import ConfigError
from tests.conftest import WriteProject
from tests.helpers import load


def test_label_files_in_order_under_the_services_labels(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: a
            label_file: [./base.labels, conf/more.labels]
            labels: {shared: own, own: "1"}
          one:
            image: a
            label_file: base.labels
        """,
        **{
            "base.labels": '# team\nshared=base\nteam=core\nexport tier="web ${team}"\n',
            "conf__more.labels": "shared=more\nextra=${team}-x\nhome=${HOME:-none}\n",
        },
    )
    project = load(root, {"HOME": "/root"}).project
    web = project.services["web"]
    # a later file wins, the service's own labels win over them all; ${} reads earlier labels only
    assert dict(web.labels) == {
        "shared": "own",
        "own": "1",
        "team": "core",
        "tier": "web core",
        "extra": "core-x",
        "home": "none",
    }
    assert dict(project.services["one"].labels) == {"shared": "base", "team": "core", "tier": "web core"}
    assert "label_file" not in web.extra
    desired.check_supported(project)
    spec = desired.container(project, web, 1)
    labels = docker_mapping.container_config(spec, "1.41")["Labels"]
    assert labels["tier"] == "web core" and labels["com.docker.compose.service"] == "web"


def test_a_changed_label_file_changes_the_configuration_hash(write_project: WriteProject) -> None:
    compose = "services:\n  web:\n    image: a\n    label_file: l\n"
    before = load(write_project(compose=compose, l="a=1\n")).project.services["web"].config_hash
    after = load(write_project(compose=compose, l="a=2\n")).project.services["web"].config_hash
    assert before != after


def test_a_label_file_of_an_extended_file_is_relative_to_it(write_project: WriteProject) -> None:
    root = write_project(
        compose="services:\n  web:\n    extends: {file: base/common.yaml, service: app}\n",
        **{
            "base__common.yaml": "services:\n  app:\n    image: a\n    label_file: app.labels\n",
            "base__app.labels": "from=base\n",
        },
    )
    assert dict(load(root).project.services["web"].labels) == {"from": "base"}


@pytest.mark.parametrize(
    ("value", "where"),
    [("nope.labels", "compose.yaml:4:17: services.web.label_file: "), ("[ok, nope.labels]", "4:22: ")],
)
def test_a_missing_label_file_is_an_error_at_its_entry(
    write_project: WriteProject, value: str, where: str
) -> None:
    root = write_project(compose=f"services:\n  web:\n    image: a\n    label_file: {value}\n", ok="a=1\n")
    with pytest.raises(ConfigError) as info:
        load(root)
    text = str(info.value)
    assert where in text and f"label file {root}/nope.labels not found" in text, text
