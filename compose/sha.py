"""SHA-256 without loading OpenSSL.

``hashlib`` loads OpenSSL's ``_hashlib`` (and ``_blake2``) when imported: a few milliseconds of every
command's start-up, for one small digest per service. CPython's own implementation gives the same digest;
``hashlib`` is the fallback where it is not built in.
"""

from __future__ import annotations

# no annotation of ``_sha256``: ``typing`` is not imported here, for the start-up of ``compose.memo``
try:  # CPython 3.12 and later
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:
    try:  # CPython 3.11
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
    except ImportError:
        from hashlib import sha256 as _sha256  # type: ignore[no-redef, unused-ignore]


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data``, in hexadecimal."""
    return str(_sha256(data).hexdigest())
