"""``cp`` on the in-memory engine: docker cp's rules both ways, ``-`` streams, owners, links, targets."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from compose.actions.streams import Target
from compose.actions.streams_cp import CopyOptions, Place, copy, place
from compose.engine.fake import FakeEngine
from compose.errors import NotFoundError, PycomposeError
from compose.events import ListSink, ResourceDone
from tests.test_streams_fakes import up

TREE: dict[str, bytes | str | None] = {
    "/": None,
    "/srv": None,
    "/srv/app": None,
    "/srv/app/main.py": b"print(1)\n",
    "/srv/app/lib": None,
    "/srv/app/lib/util.py": b"x = 1\n",
    "/srv/motd": b"hello\n",
    "/srv/current": "app",
}


def setup(tmp_path: Path) -> tuple[Target, FakeEngine, Path]:
    target, engine = up(tmp_path)
    for name in ("demo-web-1", "demo-web-2"):
        engine.files[name] = dict(TREE)
    here = tmp_path / "here"
    here.mkdir()
    return target, engine, here


def cp(
    engine: FakeEngine, target: Target, src: str, dest: str, stdin: bytes = b"", **options: object
) -> tuple[ListSink, bytes]:
    sink, out = ListSink(), io.BytesIO()
    copy(engine, target, src, dest, CopyOptions(**options), sink, (io.BytesIO(stdin), out))  # type: ignore[arg-type]
    return sink, out.getvalue()


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_arguments_are_split_like_docker_does() -> None:
    assert place("web:/etc/motd") == Place("/etc/motd", "web")
    assert place("./web:x") == Place("./web:x")
    assert place("/abs:x") == Place("/abs:x")
    assert place("plain") == Place("plain")
    assert place("-") == Place("-")
    assert place(":x") == Place(":x")


def test_a_file_out_of_a_service_goes_into_a_directory_or_becomes_the_destination(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    sink, _ = cp(engine, target, "web:/srv/motd", str(here))
    assert (here / "motd").read_bytes() == b"hello\n"
    cp(engine, target, "web:/srv/motd", str(here / "renamed.txt"))
    assert (here / "renamed.txt").read_bytes() == b"hello\n"
    done = [e.status for e in sink.of(ResourceDone)]  # type: ignore[union-attr]
    assert done == [f"Copied demo-web-1:/srv/motd to {here}"]


def test_a_directory_out_of_a_service_is_created_copied_into_or_its_content_copied(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    cp(engine, target, "web:/srv/app", str(here / "new"))
    assert listing(here / "new") == ["lib", "lib/util.py", "main.py"]
    cp(engine, target, "web:/srv/app", str(here / "new"))
    assert "app/main.py" in listing(here / "new")
    (here / "flat").mkdir()
    cp(engine, target, "web:/srv/app/.", str(here / "flat"))
    assert listing(here / "flat") == ["lib", "lib/util.py", "main.py"]


def test_out_of_a_service_errors_name_the_problem(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    (here / "file").write_text("x")
    with pytest.raises(NotFoundError, match=r"^Could not find the file /nope in container demo-web-1$"):
        cp(engine, target, "web:/nope", str(here))
    with pytest.raises(PycomposeError, match=r"cannot copy a directory to a file"):
        cp(engine, target, "web:/srv/app", str(here / "file"))
    with pytest.raises(PycomposeError, match=r"destination directory .*missing/ does not exist"):
        cp(engine, target, "web:/srv/motd", str(here / "missing") + "/")
    with pytest.raises(PycomposeError, match=r"one of source and destination must be SERVICE:PATH"):
        cp(engine, target, str(here), str(here / "b"))
    with pytest.raises(PycomposeError, match=r"copying between services is not supported"):
        cp(engine, target, "web:/a", "db:/b")


def test_a_link_is_copied_as_a_link_unless_followed(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    cp(engine, target, "web:/srv/current", str(here))
    assert os.readlink(here / "current") == "app"
    followed = here / "followed"
    followed.mkdir()
    cp(engine, target, "web:/srv/current", str(followed), follow_link=True)
    assert listing(followed) == ["current", "current/lib", "current/lib/util.py", "current/main.py"]


def test_dash_writes_the_archive_to_standard_output(tmp_path: Path) -> None:
    target, engine, _ = setup(tmp_path)
    _, out = cp(engine, target, "web:/srv/app", "-")
    with tarfile.open(fileobj=io.BytesIO(out)) as tar:
        assert sorted(tar.getnames()) == ["app", "app/lib", "app/lib/util.py", "app/main.py"]


def test_into_a_service_goes_to_every_container_or_the_one_with_index(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    (here / "conf.txt").write_text("conf")
    sink, _ = cp(engine, target, str(here / "conf.txt"), "web:/srv")
    assert [engine.files[n]["/srv/conf.txt"] for n in ("demo-web-1", "demo-web-2")] == [b"conf", b"conf"]
    assert len(sink.of(ResourceDone)) == 2
    cp(engine, target, str(here / "conf.txt"), "web:/srv/other.txt", index=2)
    assert "/srv/other.txt" in engine.files["demo-web-2"]
    assert "/srv/other.txt" not in engine.files["demo-web-1"]


def test_a_directory_into_a_service_is_created_or_copied_into(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    (here / "site" / "css").mkdir(parents=True)
    (here / "site" / "index.html").write_text("<p>")
    (here / "site" / "css" / "a.css").write_text("a")
    cp(engine, target, str(here / "site"), "web:/srv/www", index=1)
    tree = engine.files["demo-web-1"]
    assert tree["/srv/www/index.html"] == b"<p>" and tree["/srv/www/css"] is None
    cp(engine, target, str(here / "site"), "web:/srv/www", index=1)
    assert tree["/srv/www/site/css/a.css"] == b"a"
    cp(engine, target, str(here / "site") + "/.", "web:/srv/app", index=1)
    assert tree["/srv/app/index.html"] == b"<p>"


def test_owners_are_root_unless_archive_mode(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    (here / "f").write_text("x")
    os.chown(here / "f", 1234, 4321) if os.geteuid() == 0 else None
    cp(engine, target, str(here / "f"), "web:/srv/f", index=1)
    assert engine.owners["demo-web-1"]["/srv/f"] == (0, 0)
    cp(engine, target, str(here / "f"), "web:/srv/g", index=1, archive=True)
    stat = os.stat(here / "f")
    assert engine.owners["demo-web-1"]["/srv/g"] == (stat.st_uid, stat.st_gid)


def test_into_a_service_errors_name_the_problem(tmp_path: Path) -> None:
    target, engine, here = setup(tmp_path)
    (here / "dir").mkdir()
    (here / "f").write_text("x")
    with pytest.raises(PycomposeError, match=r"cannot copy a directory to a file: demo-web-1:/srv/motd"):
        cp(engine, target, str(here / "dir"), "web:/srv/motd", index=1)
    with pytest.raises(NotFoundError, match=r"Could not find the file /no/such in container demo-web-1"):
        cp(engine, target, str(here / "f"), "web:/no/such/f", index=1)
    with pytest.raises(PycomposeError, match=r"no such file or directory"):
        cp(engine, target, str(here / "absent"), "web:/srv", index=1)
    with pytest.raises(NotFoundError, match=r'no container found for service "web"'):
        cp(engine, target, str(here / "f"), "web:/srv", index=7)


def test_dash_reads_an_archive_into_a_directory(tmp_path: Path) -> None:
    target, engine, _ = setup(tmp_path)
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        info = tarfile.TarInfo("from-stdin.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"ok"))
    cp(engine, target, "-", "web:/srv", stdin=data.getvalue(), index=1)
    assert engine.files["demo-web-1"]["/srv/from-stdin.txt"] == b"ok"
    with pytest.raises(PycomposeError, match=r'destination "demo-web-1:/srv/motd" must be a directory'):
        cp(engine, target, "-", "web:/srv/motd", stdin=data.getvalue(), index=1)


def test_links_are_kept_as_they_are_but_nothing_is_written_through_one_out_of_the_destination(
    tmp_path: Path,
) -> None:
    target, engine, here = setup(tmp_path)
    engine.files["demo-web-1"]["/srv/evil"] = "../../../../etc/passwd"
    (here / "out").mkdir()
    cp(engine, target, "web:/srv/evil", str(here / "out"))
    assert os.readlink(here / "out" / "evil") == "../../../../etc/passwd"
    engine.files["demo-web-1"]["/srv/app/bad"] = "/etc"
    engine.files["demo-web-1"]["/srv/app/bad/x"] = b"x"
    with pytest.raises(PycomposeError, match=r"refused to extract 'out2/bad/x'"):
        cp(engine, target, "web:/srv/app", str(here / "out2"))
    assert not os.path.exists("/etc/x")
