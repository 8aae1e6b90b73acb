"""Host settings reach the engine as Compose sends them: process, privileges, resources, devices, name
resolution, logging, restart policies, device requests (inspected on the real daemon)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import BUSYBOX, FOREVER, Project

MIB = 1 << 20


def _inspect(project: Project, service: str) -> dict[str, Any]:
    return dict(project.client.containers.get(f"{project.name}-{service}-1").attrs)


def test_process_privileges_and_name_resolution(project: Project) -> None:
    (project.root / "app.env").write_text("FROM_FILE=1\nSHARED=file\n")
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            entrypoint: ["sh", "-c"]
            command: ["trap 'exit 0' INT TERM; while true; do sleep 0.2; done"]
            env_file: app.env
            environment: {{SHARED: own}}
            labels: [tier=back]
            user: "0:0"
            working_dir: /tmp
            hostname: apphost
            domainname: example.test
            tty: true
            stdin_open: true
            cap_add: [NET_ADMIN]
            cap_drop: [MKNOD]
            security_opt: ["no-new-privileges:true"]
            group_add: [1234]
            init: true
            read_only: true
            shm_size: 8m
            tmpfs: ["/scratch:size=64k", /cache]
            devices: ["/dev/null:/dev/mynull:rw"]
            sysctls: {{net.core.somaxconn: 1024}}
            ulimits: {{nofile: {{soft: 1024, hard: 2048}}, nproc: 512}}
            extra_hosts: ["db.test:10.0.0.7"]
            dns: [10.0.0.53]
            dns_search: example.test
            dns_opt: [use-vc]
            expose: ["7000-7001/udp", 7100]
            ipc: shareable
            oom_score_adj: 100
            stop_signal: SIGINT
            stop_grace_period: 1m30s
            healthcheck: {{disable: true}}
            logging: {{driver: json-file, options: {{max-size: 1m, max-file: 2}}}}
        """)
    project.run("up", "-d")
    data = _inspect(project, "app")
    config, host = data["Config"], data["HostConfig"]
    assert config["Entrypoint"] == ["sh", "-c"] and config["User"] == "0:0" and config["WorkingDir"] == "/tmp"
    assert {"FROM_FILE=1", "SHARED=own"} <= set(config["Env"]) and config["Labels"]["tier"] == "back"
    assert (config["Hostname"], config["Domainname"]) == ("apphost", "example.test")
    assert config["Tty"] is True and config["OpenStdin"] is True
    assert config["StopSignal"] == "SIGINT" and config["StopTimeout"] == 90
    assert config["Healthcheck"] == {"Test": ["NONE"]}
    assert set(config["ExposedPorts"]) == {"7000/udp", "7001/udp", "7100/tcp"}
    assert host["CapAdd"] == ["NET_ADMIN"] and host["CapDrop"] == ["MKNOD"]
    assert host["SecurityOpt"] == ["no-new-privileges:true"] and host["GroupAdd"] == ["1234"]
    assert host["Init"] is True and host["ReadonlyRootfs"] is True and host["ShmSize"] == 8 * MIB
    assert host["Tmpfs"] == {"/scratch": "size=64k", "/cache": ""}
    assert host["Devices"] == [
        {"PathOnHost": "/dev/null", "PathInContainer": "/dev/mynull", "CgroupPermissions": "rw"}
    ]
    assert host["Sysctls"] == {"net.core.somaxconn": "1024"}
    assert sorted((u["Name"], u["Soft"], u["Hard"]) for u in host["Ulimits"]) == [
        ("nofile", 1024, 2048),
        ("nproc", 512, 512),
    ]
    assert host["ExtraHosts"] == ["db.test:10.0.0.7"]
    assert (host["Dns"], host["DnsSearch"], host["DnsOptions"]) == (
        ["10.0.0.53"],
        ["example.test"],
        ["use-vc"],
    )
    assert host["IpcMode"] == "shareable" and host["OomScoreAdj"] == 100
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-size": "1m", "max-file": "2"}}

    # and the process sees them
    app = project.client.containers.get(f"{project.name}-app-1")
    code, out = app.exec_run(["sh", "-c", "id -G; ulimit -n; ls /dev/mynull; cat /etc/hosts; touch /x"])
    text = out.decode()
    assert "1234" in text and "1024" in text and "/dev/mynull" in text and "db.test" in text
    assert "Read-only file system" in text and code != 0
    assert app.exec_run(["touch", "/scratch/ok"]).exit_code == 0


def test_resources_and_restart_policies(project: Project) -> None:
    project.write(f"""
        services:
          limited:
            image: {BUSYBOX}
            command: {FOREVER}
            cpu_shares: 512
            cpu_quota: 50000
            cpu_period: 100000
            cpuset: "0"
            mem_limit: 64m
            mem_reservation: 32m
            memswap_limit: 128m
            pids_limit: 100
            oom_kill_disable: true
            restart: on-failure:3
          deployed:
            image: {BUSYBOX}
            command: {FOREVER}
            cpus: 1.5
            mem_limit: 1g
            restart: always
            deploy:
              resources:
                limits: {{cpus: "0.5", memory: 48M, pids: 40}}
                reservations: {{memory: 16M}}
              restart_policy: {{condition: on-failure, max_attempts: 2}}
          plain:
            image: {BUSYBOX}
            command: {FOREVER}
            restart: unless-stopped
            deploy: {{restart_policy: {{condition: any}}}}
        """)
    project.run("up", "-d")
    limited = _inspect(project, "limited")["HostConfig"]
    assert (limited["CpuShares"], limited["CpuQuota"], limited["CpuPeriod"]) == (512, 50000, 100000)
    assert limited["CpusetCpus"] == "0" and limited["PidsLimit"] == 100 and limited["OomKillDisable"] is True
    assert (limited["Memory"], limited["MemoryReservation"], limited["MemorySwap"]) == (
        64 * MIB,
        32 * MIB,
        128 * MIB,
    )
    assert limited["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 3}
    deployed = _inspect(project, "deployed")["HostConfig"]
    # deploy.resources.limits win over cpus and mem_limit, as in Compose
    assert (deployed["NanoCpus"], deployed["Memory"], deployed["PidsLimit"]) == (500_000_000, 48 * MIB, 40)
    assert deployed["MemoryReservation"] == 16 * MIB
    assert deployed["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 2}
    assert _inspect(project, "plain")["HostConfig"]["RestartPolicy"]["Name"] == "always"


def test_device_requests_and_platform_reach_a_created_container(project: Project) -> None:
    # no GPU here: the containers are created (not started) and their requests inspected
    project.write(f"""
        services:
          all:
            image: {BUSYBOX}
            gpus: all
            platform: linux/amd64
          some:
            image: {BUSYBOX}
            gpus: [{{driver: nvidia, device_ids: ["0", "1"], capabilities: [compute]}}]
            deploy:
              resources:
                reservations:
                  devices: [{{capabilities: [gpu, utility], count: 1, driver: nvidia, options: {{a: b}}}}]
        """)
    project.run("up", "--no-start")
    assert _inspect(project, "all")["HostConfig"]["DeviceRequests"] == [
        {"Driver": "", "Count": -1, "DeviceIDs": None, "Capabilities": [["gpu"]], "Options": None}
    ]
    assert _inspect(project, "some")["HostConfig"]["DeviceRequests"] == [
        {
            "Driver": "nvidia",
            "Count": 0,
            "DeviceIDs": ["0", "1"],
            "Capabilities": [["compute", "gpu"]],
            "Options": None,
        },
        {
            "Driver": "nvidia",
            "Count": 1,
            "DeviceIDs": None,
            "Capabilities": [["gpu", "utility"]],
            "Options": {"a": "b"},
        },
    ]


def test_keys_the_engine_cannot_honour_are_refused_with_their_location(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            credential_spec: {{file: spec.json}}
            deploy:
              placement: {{constraints: [node.role==manager]}}
              restart_policy: {{condition: any, delay: 5s}}
        """)
    result = project.run("up", "-d", check=False)
    assert result.code != 0
    assert "compose.yaml:4:5: services.app.credential_spec: 'credential_spec' is not supported" in result.err
    assert "services.app.deploy.placement: 'deploy.placement' is not supported: a Swarm" in result.err
    assert "services.app.deploy.restart_policy.delay" in result.err
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}


def test_a_key_this_engine_is_too_old_for_is_refused_not_ignored(project: Project) -> None:
    api = project.client.api.api_version
    if tuple(int(p) for p in api.split(".")) >= (1, 44):
        return  # the engine honours it: nothing to refuse
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            healthcheck: {{test: ["CMD", "true"], start_interval: 1s}}
        """)
    result = project.run("up", "-d", check=False)
    assert result.code != 0
    needs = "services.app.healthcheck.start_interval needs Docker Engine API 1.44 or later"
    assert f"{needs}; this engine speaks {api}" in result.err
    assert not project.containers()
