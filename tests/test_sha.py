"""The configuration hash's SHA-256: the same digest as hashlib's, without loading OpenSSL."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from compose.sha import sha256_hex

REPO = Path(__file__).resolve().parents[1]
BUILT_IN = any(importlib.util.find_spec(name) for name in ("_sha2", "_sha256"))


@pytest.mark.parametrize("data", [b"", b"abc", "é €".encode(), bytes(range(256)) * 100])
def test_the_digest_is_sha256(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


@pytest.mark.skipif(not BUILT_IN, reason="this Python has no built-in SHA-256")
def test_the_digest_does_not_load_openssl() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, compose.sha; print(sorted(sys.modules))"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'_hashlib'" not in loaded and "'hashlib'" not in loaded
