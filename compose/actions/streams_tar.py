"""Tar archives for ``cp``: built from local files, and extracted here under another top name."""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Iterable, Iterator

from compose.errors import OperationFailedError, PycomposeError
from compose.record import record


class _Chunks(io.RawIOBase):
    """A readable file over an iterator of byte chunks (a streamed archive)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._buffer = bytearray()

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer += chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        del self._buffer[:size]
        return size


def _rebase(name: str, root: str | None) -> str:
    """The member's name with its top part replaced by ``root`` (dropped when empty; kept when None)."""
    if root is None:
        return name
    _, _, rest = name.strip("/").partition("/")
    return f"{root}/{rest}".strip("/") if root and rest else root or rest


def _unpack(chunks: Iterable[bytes], into: str, root: str | None, archive: bool) -> None:
    uid, gid = os.getuid(), os.getgid()

    def checked(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo:
        safe = tarfile.tar_filter(member, path)
        if archive:
            return safe.replace(mode=member.mode, deep=False)
        return safe.replace(uid=uid, gid=gid, uname="", gname="", deep=False)

    try:
        with tarfile.open(fileobj=io.BufferedReader(_Chunks(chunks)), mode="r|") as tar:
            for member in tar:
                member.name = _rebase(member.name, root)
                if member.islnk():
                    member.linkname = _rebase(member.linkname, root)
                if member.name:
                    tar.extract(member, into, numeric_owner=archive, filter=checked)
    except tarfile.FilterError as exc:
        raise OperationFailedError.at(f"refused to extract {exc.tarinfo.name!r}: {exc}") from exc
    except (tarfile.TarError, OSError) as exc:
        raise PycomposeError.at(f"cannot extract into {into}: {exc}") from exc


def extract(
    chunks: Iterable[bytes], dest: str, *, is_dir: bool, contents_only: bool, rename: str, archive: bool
) -> None:
    """Extract a container's archive of a file or directory to ``dest`` (see ``streams_cp``'s rules)."""
    exists, dest_is_dir = os.path.lexists(dest), os.path.isdir(dest)
    root: str | None = rename or None
    if is_dir and exists and not dest_is_dir:
        raise PycomposeError.at(f"cannot copy a directory to a file: {dest}")
    if dest_is_dir:
        into = dest
        root = "" if is_dir and contents_only else root
    else:
        if not is_dir and dest.endswith(os.sep):
            raise PycomposeError.at(f"destination directory {dest} does not exist")
        into = os.path.dirname(dest.rstrip(os.sep)) or "."
        root = os.path.basename(dest.rstrip(os.sep))
    if not os.path.isdir(into):
        raise PycomposeError.at(f"destination directory {into} does not exist")
    _unpack(chunks, into, root, archive)


@record(kw_only=False)
class LocalArchive:
    """A local file or directory to send: ``path`` is what is read (a link's target with ``-L``)."""

    path: str
    name: str
    is_dir: bool
    contents_only: bool
    keep_owner: bool

    def _owner(self, member: tarfile.TarInfo) -> tarfile.TarInfo:
        if not self.keep_owner:
            member.uid = member.gid = 0
            member.uname = member.gname = "root"
        return member

    def named(self, root: str) -> bytes:
        """The archive with its top entry named ``root`` (with none: the directory's content)."""
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
            if root in ("", ".") and self.is_dir:
                for child in sorted(os.listdir(self.path)):
                    tar.add(os.path.join(self.path, child), arcname=child, filter=self._owner)
            else:
                tar.add(self.path, arcname=root, filter=self._owner)
        return out.getvalue()


def local_archive(src: str, *, follow_link: bool, keep_owner: bool) -> LocalArchive:
    if not os.path.lexists(src):
        raise PycomposeError.at(f"stat {src}: no such file or directory")
    path = os.path.realpath(src) if follow_link and os.path.islink(src) else src
    name = os.path.basename(os.path.normpath(src))
    is_dir = os.path.isdir(path) and not os.path.islink(path)
    contents_only = is_dir and (src.endswith(f"{os.sep}.") or name == ".")
    return LocalArchive(path, name, is_dir, contents_only, keep_owner)
