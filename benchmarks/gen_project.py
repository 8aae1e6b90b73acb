"""Generated compose files for the benchmark (and for tests that want a big, valid, realistic file).

Both generators are deterministic for a given seed and write the YAML text themselves, so the files use
what hand-written files use: YAML anchors and ``<<`` merge keys, ``x-`` extensions, ``${VAR:-default}``
interpolation, short and long forms side by side. Every file is valid for pycompose and for Docker
Compose v1 (1.29) alike, so both tools do the same work on it. Every variable has a default: no
"variable is not set" warning disturbs the timing.

    realistic(200)      ~200 services: ports, volumes, env, depends_on chains, healthchecks, networks
    big(250, 5_000_000) ~5 MB, 250 services with big environment maps, long commands, many labels
"""

from __future__ import annotations

import json
import random
from pathlib import Path

NETWORKS = ("front", "back", "data", "monitoring")
CHAIN = 8  # depends_on chains: each service depends on the one before it, in runs of CHAIN


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text)


def _header() -> list[str]:
    # No top-level ``name:``: Compose v1 refuses it. The benchmark gives ``-p`` to both tools.
    return [
        "x-logging: &logging",
        "  driver: json-file",
        "  options:",
        '    max-size: "10m"',
        '    max-file: "3"',
        "",
        "x-common: &common",
        "  restart: ${RESTART_POLICY:-unless-stopped}",
        "  logging: *logging",
        "  stop_grace_period: 20s",
        "  init: true",
        "",
        "x-healthcheck: &healthcheck",
        "  interval: ${HC_INTERVAL:-30s}",
        "  timeout: 5s",
        "  retries: 3",
        "  start_period: 10s",
        "",
        "x-env: &default-env",
        "  TZ: ${TZ:-UTC}",
        "  LOG_FORMAT: json",
        "  OTEL_EXPORTER_OTLP_ENDPOINT: http://collector:4317",
        "",
    ]


def _ports(i: int, rng: random.Random) -> list[str]:
    kind = i % 4
    if kind == 0:
        return ["    ports:", f'      - "{20000 + i}:8080"']
    if kind == 1:
        return [
            "    ports:",
            f'      - "127.0.0.1:{21000 + i}:9000"',
            f'      - "{22000 + i}:9001/udp"',
        ]
    if kind == 2:
        return [
            "    ports:",
            "      - target: 8443",
            f"        published: {23000 + i}",
            "        protocol: tcp",
            "        mode: host",
        ]
    return ["    expose:", f'      - "{rng.choice((3000, 5000, 8000))}"']


def _volumes(i: int) -> list[str]:
    lines = ["    volumes:", f"      - data-{i:03d}:/var/lib/app"]
    if i % 3 == 0:
        lines.append(f"      - ./config/svc-{i:03d}:/etc/app:ro")
    if i % 5 == 0:
        lines += [
            "      - type: volume",
            "        source: shared-cache",
            "        target: /cache",
            "        read_only: true",
        ]
    if i % 7 == 0:
        lines.append("      - /tmp/scratch")
    return lines


def _environment(i: int, rng: random.Random) -> list[str]:
    if i % 2:
        return [
            "    environment:",
            "      <<: *default-env",
            f"      SERVICE_NAME: svc-{i:03d}",
            "      LOG_LEVEL: ${LOG_LEVEL:-info}",
            f"      DB_URL: postgres://app:${{DB_PASSWORD:-secret}}@db-{i % 4}:5432/app{i}",
            f"      WORKERS: {rng.randint(1, 16)}",
            '      FEATURE_FLAGS: "a,b,c"',
            "      PRICE_FORMAT: $$%.2f",
        ]
    return [
        "    environment:",
        f"      - SERVICE_NAME=svc-{i:03d}",
        "      - LOG_LEVEL=${LOG_LEVEL:-debug}",
        f"      - CACHE_URL=redis://cache-{i % 3}:6379/{i % 16}",
        "      - EMPTY=",
    ]


def _depends_on(i: int, has_healthcheck: bool) -> list[str]:
    if i % CHAIN == 0:
        return []
    before = f"svc-{i - 1:03d}"
    if i % 3 == 0:
        return ["    depends_on:", f"      - {before}"]
    condition = "service_healthy" if has_healthcheck else "service_started"
    return ["    depends_on:", f"      {before}:", f"        condition: {condition}"]


def _healthcheck(i: int) -> list[str]:
    if i % 2 == 0:
        return [
            "    healthcheck:",
            "      <<: *healthcheck",
            '      test: ["CMD", "curl", "-fsS", "http://localhost:8080/health"]',
        ]
    test = f"wget -qO- http://localhost:{8000 + i}/ || exit 1"
    return ["    healthcheck:", "      <<: *healthcheck", f"      test: {_q(test)}"]


def _networks(i: int) -> list[str]:
    if i % 4 == 3:
        return ["    networks:", f"      - {NETWORKS[i % 2]}"]
    return [
        "    networks:",
        f"      {NETWORKS[i % len(NETWORKS)]}:",
        f"        aliases: [svc{i}, svc-{i:03d}.internal]",
        "      back: {}" if NETWORKS[i % len(NETWORKS)] != "back" else "      front: {}",
    ]


def _service(i: int, rng: random.Random) -> list[str]:
    # Every other chain link has a healthcheck, so service_healthy only ever points at one that has it.
    has_healthcheck = (i - 1) % 2 == 0
    lines = [
        f"  svc-{i:03d}:",
        "    <<: *common",
        f'    image: "${{REGISTRY:-registry.example.com}}/team{i % 9}/svc-{i:03d}:${{TAG:-1.{i % 10}.0}}"',
        f"    container_name: ${{PREFIX:-app}}-svc-{i:03d}",
        f'    command: ["python", "-m", "svc{i}", "--port", "8080", "--workers", "{1 + i % 8}"]',
        "    labels:",
        f"      com.example.team: team{i % 9}",
        f'      com.example.tier: "{rng.choice(("web", "worker", "batch"))}"',
    ]
    if i % 6 == 0:
        lines += ["    build:", f"      context: ./svc-{i:03d}", "      args:", f"        VERSION: 1.{i}"]
    lines += _ports(i, rng) + _volumes(i) + _environment(i, rng)
    lines += _depends_on(i, has_healthcheck)
    if i % 2 == 0:
        lines += _healthcheck(i)
    lines += _networks(i)
    return lines


def _footer(volumes: list[str]) -> list[str]:
    lines = ["", "networks:"]
    for net in NETWORKS:
        lines += [f"  {net}:", "    driver: bridge", "    labels:", f"      com.example.net: {net}"]
    lines += ["", "volumes:", "  shared-cache: {}"]
    lines += [f"  {v}:" for v in volumes]
    return lines


def realistic(services: int = 200, seed: int = 0) -> str:
    """A project of ``services`` services, as varied as a large real file."""
    rng = random.Random(seed)
    lines = [*_header(), "services:"]
    for i in range(services):
        lines += _service(i, rng)
    lines += _footer([f"data-{i:03d}" for i in range(services)])
    return "\n".join(lines) + "\n"


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def _big_service(i: int, rng: random.Random, env_count: int) -> list[str]:
    lines = [
        f"  big-{i:03d}:",
        "    <<: *common",
        f"    image: ${{REGISTRY:-registry.example.com}}/big/svc-{i:03d}:${{TAG:-2.0.{i}}}",
        "    command:",
    ]
    lines += [f"      - --opt-{k}={_word(rng, 12)}" for k in range(120)]
    lines.append("    environment:")
    lines += [f"      VAR_{i}_{k:04d}: {_q(_word(rng, 40))}" for k in range(env_count)]
    lines.append("    labels:")
    lines += [f"      com.example.label-{k:03d}: {_q(_word(rng, 24))}" for k in range(60)]
    if i % CHAIN:
        lines += ["    depends_on:", f"      - big-{i - 1:03d}"]
    lines += ["    networks: [back]", "    volumes:", f"      - big-{i:03d}:/data"]
    return lines


def big(services: int = 250, target_bytes: int = 5_000_000, seed: int = 1) -> str:
    """About ``target_bytes`` of YAML in ``services`` services, most of it environment maps."""
    rng = random.Random(seed)
    probe = "\n".join(_big_service(0, random.Random(seed), 100))
    per_env_line = len(f"      VAR_0_0000: {_q('x' * 40)}\n")
    fixed = len(probe) - 100 * per_env_line
    env_count = max(10, (target_bytes // services - fixed) // per_env_line)
    lines = [*_header(), "services:"]
    for i in range(services):
        lines += _big_service(i, rng, env_count)
    lines += _footer([f"big-{i:03d}" for i in range(services)])
    return "\n".join(lines) + "\n"


def build_contexts(services: int = 200) -> list[str]:
    """The build contexts ``realistic(services)`` names (Compose v1 wants them to exist)."""
    return [f"svc-{i:03d}" for i in range(services) if i % 6 == 0]


def write(directory: Path, kind: str = "realistic", services: int | None = None, name: str = "") -> Path:
    """Write ``realistic`` or ``big`` into ``directory`` (with its build contexts); returns the file."""
    directory.mkdir(parents=True, exist_ok=True)
    if kind == "big":
        text = big(services or 250)
    else:
        text = realistic(services or 200)
        for context in build_contexts(services or 200):
            (directory / context).mkdir(exist_ok=True)
    target = directory / (name or f"{kind}.yaml")
    target.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    import sys

    kind = sys.argv[1] if len(sys.argv) > 1 else "realistic"
    sys.stdout.write(big() if kind == "big" else realistic())
