"""Each supported service key reaches the engine as Compose would send it (inspected on the real daemon)."""

from __future__ import annotations

from collections.abc import Callable

from tests.e2e.conftest import BUSYBOX, FOREVER, Project


def test_service_keys_are_mapped(project: Project, free_port: Callable[[], int]) -> None:
    port = free_port()
    (project.root / "site").mkdir()
    (project.root / "site" / "index.html").write_text("hello from a bind mount\n")
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            entrypoint: ["sh", "-c"]
            command: ["trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]
            environment:
              GREETING: hi
              EMPTY: ""
            labels: {{team: core}}
            ports: ["127.0.0.1:{port}:8080"]
            volumes:
              - ./site:/www:ro
              - cache:/cache
              - /anon
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/"]
              interval: 1s
              retries: 20
            restart: unless-stopped
            working_dir: /www
            user: "0:0"
            hostname: apphost
            networks:
              front: {{aliases: [web-alias]}}
              back: {{}}
          client:
            image: {BUSYBOX}
            command: {FOREVER}
            depends_on:
              app: {{condition: service_healthy}}
            networks: [front]
        networks:
          front: {{}}
          back: {{}}
        volumes:
          cache: {{}}
        """)
    project.run("up", "-d")
    app = project.client.containers.get(f"{project.name}-app-1")
    config, host = app.attrs["Config"], app.attrs["HostConfig"]
    assert config["Entrypoint"] == ["sh", "-c"]
    assert config["Cmd"] == ["trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]
    assert "GREETING=hi" in config["Env"] and "EMPTY=" in config["Env"]
    assert config["Labels"]["team"] == "core"
    assert config["WorkingDir"] == "/www" and config["User"] == "0:0" and config["Hostname"] == "apphost"
    assert config["Healthcheck"]["Test"][0] == "CMD" and config["Healthcheck"]["Interval"] == 1_000_000_000
    assert host["RestartPolicy"]["Name"] == "unless-stopped"
    assert host["PortBindings"] == {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]}
    mounts = {m["Destination"]: m for m in app.attrs["Mounts"]}
    assert mounts["/www"]["Type"] == "bind" and mounts["/www"]["RW"] is False
    assert mounts["/cache"]["Name"] == f"{project.name}_cache"
    assert mounts["/anon"]["Type"] == "volume"
    networks = app.attrs["NetworkSettings"]["Networks"]
    assert set(networks) == {f"{project.name}_front", f"{project.name}_back"}
    assert "web-alias" in networks[f"{project.name}_front"]["Aliases"]

    # the published port answers from the host, and the alias resolves from another container
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
        assert answer.read() == b"hello from a bind mount\n"
    client = project.client.containers.get(f"{project.name}-client-1")
    for name in ("app", "web-alias"):
        code, out = client.exec_run(["wget", "-q", "-O", "-", f"http://{name}:8080/"])
        assert code == 0 and out == b"hello from a bind mount\n", (name, out)

    project.run("down", "-v")
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}


def test_label_file_labels_reach_the_container(project: Project) -> None:
    (project.root / "conf").mkdir()
    (project.root / "conf" / "app.labels").write_text("team=files\ntier=web\n")
    (project.root / "extra.labels").write_text("tier=from-extra\nowner=${team}\n")
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            label_file: [conf/app.labels, ./extra.labels]
            labels: {{team: core}}
        """)
    project.run("up", "-d")
    labels = project.client.containers.get(f"{project.name}-app-1").attrs["Config"]["Labels"]
    assert (labels["team"], labels["tier"], labels["owner"]) == ("core", "from-extra", "files")
    assert labels["com.docker.compose.service"] == "app"
    (project.root / "extra.labels").unlink()
    missing = project.run("up", "-d", check=False)
    assert missing.code != 0 and "compose.yaml:5:" in missing.err and "extra.labels not found" in missing.err
