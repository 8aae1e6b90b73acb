"""A no-op ``up`` answered from memory.

Planning is a pure function: of the command line, the working directory, the environment, the code of
pycompose, the files the loading reads, and the engine's answers. When an ``up -d`` (or ``up --wait``)
finds nothing to do, it leaves a note of all of these, and of what it printed. An ``up -d`` that changed
something plans once more when it is done, without acting, and leaves a note of that rerun if it found
nothing to do: so the first no-op after a change is answered from memory too (``compose.cli.up_note``;
an ``up -d --wait`` also leaves one of its planning for the same command line without ``--wait``).

The next run with the same command line in the same directory checks the note before it loads anything:
the same environment and code, each file the same bytes, no other command holding the project's lock, and
the engine's answers to the same requests the same (the words of a container's status aside: its uptime
and health, which planning does not read). Then planning would find nothing to do again, so the run prints
what the note holds and ends. Any difference, and the command runs in full.

A note is kept only when nothing could make the two runs differ: the noted requests changed nothing and
all went through ``compose.engine.docker_wire`` (not the docker SDK), nothing was read from standard
input, the output went to a plain or quiet sink (no live view, no timestamps), and no service has a
periodic pull policy (which depends on the clock). ``PYCOMPOSE_MEMO=0`` turns notes off; they live in
``$XDG_CACHE_HOME/pycompose/memo`` (``~/.cache/pycompose/memo``), one per command line and directory.
"""

from __future__ import annotations

import _thread  # ``threading`` costs a replay more than the few threads it starts
import io
import marshal
import os
import sys

from compose.engine import docker_wire
from compose.engine.docker_wire import DEFAULT_HOST, Wire, WireDown
from compose.lock import lock_if_free
from compose.reads import Recording, recording, unchanged
from compose.sha import sha256_hex

TYPE_CHECKING = False  # neither ``typing`` nor ``contextlib`` is imported for a replay
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from typing import TextIO

VERSION = 1
SWITCH = "PYCOMPOSE_MEMO"
TIMEOUT = 30.0
KEPT = 256  # notes kept at most; the oldest go first
OUTPUT_LIMIT = 1 << 16  # a run that prints more leaves no note

Answer = tuple[str, str, int, bytes]
"""A request and its answer: method, target (path and query), status, body."""

invoked_with: list[str] | None = None
"""The command line of this process's command (set by ``compose.cli.main``; ``None`` in tests that call
the commands directly)."""


def enabled(environment: Mapping[str, str]) -> bool:
    return environment.get(SWITCH, "1") != "0"


def directory(environment: Mapping[str, str]) -> str:
    base = environment.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "pycompose", "memo")


def note_path(environment: Mapping[str, str], cwd: str, argv: Sequence[str]) -> str:
    key = sha256_hex("\0".join([cwd, *argv]).encode())
    return os.path.join(directory(environment), key[:40] + ".note")


def environment_digest(environment: Mapping[str, str]) -> str:
    return sha256_hex("\0".join(f"{k}={v}" for k, v in sorted(environment.items())).encode())


def _terminals() -> list[bool]:
    return [os.isatty(fd) for fd in (0, 1, 2)]


def _files(root: str, suffixes: tuple[str, ...]) -> Iterator[tuple[str, int, int]]:
    """Each file under ``root`` with one of ``suffixes``: its path, size and modification time."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _files(entry.path, suffixes)
        elif entry.name.endswith(suffixes):
            found = entry.stat()
            yield entry.path, found.st_size, found.st_mtime_ns


def code_identity() -> str:
    """What the code that plans is: the interpreter, pycompose's modules and schema, and the installed
    packages (a directory of packages changes its modification time when one is added or removed)."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts: list[object] = [sys.version, sys.executable]
    parts += list(_files(package, (".py",)))
    parts += list(_files(os.path.join(os.path.dirname(package), "schemas"), (".json",)))
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) and os.path.isdir(entry):
            parts.append((entry, os.stat(entry).st_mtime_ns))
    return sha256_hex(repr(parts).encode())


# -- the engine's answers --------------------------------------------------------------------------------
_STATUS = b'"Status":"'


def steady(target: str, body: bytes) -> bytes:
    """The answer less what changes while the project does not: in a list of containers, each one's
    ``Status``, the engine's words for its state, uptime and health ("Up 3 minutes (healthy)"). Planning
    reads none of them: the state is in ``State``, and ``up --wait`` asks for health with a filter, whose
    answer is noted too. (On the bytes: a ``"Status":"`` in a label's value is escaped, ``\\"Status\\":\\"``,
    and is not matched; the engine's words hold no quote.)"""
    if not target.startswith("/containers/json"):
        return body
    first, *rest = body.split(_STATUS)
    return _STATUS.join([first, *(part[max(part.find(b'"'), 0) :] for part in rest)])


def answers_digest(answers: Sequence[Answer]) -> str:
    """One digest of the answers, in no particular order (requests run on several threads)."""
    lines = sorted(
        f"{method} {target} {status} {sha256_hex(steady(target, body))}"
        for method, target, status, body in answers
    )
    return sha256_hex("\n".join(lines).encode())


# -- replaying a note ------------------------------------------------------------------------------------
def _load(path: str) -> dict[str, object] | None:
    try:
        with open(path, "rb") as handle:
            found = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return found if isinstance(found, dict) and found.get("version") == VERSION else None


def _ask(wire: Wire, requests: Sequence[tuple[str, str]]) -> list[Answer] | None:
    """The answers to ``requests``, eight at a time; ``None`` if one got none."""
    answers: list[Answer | None] = [None] * len(requests)
    pending = iter(range(len(requests)))

    def work(finished: _thread.LockType) -> None:
        try:
            for i in pending:  # one iterator shared by the threads: each index is taken once
                method, target = requests[i]
                try:
                    status, body = wire.exchange(method, target)
                except WireDown:
                    return
                answers[i] = (method, target, status, body)
        finally:
            finished.release()

    ends = []  # a lock per thread, held until the thread ends
    for _ in range(min(8, len(requests))):
        finished = _thread.allocate_lock()
        finished.acquire()
        _thread.start_new_thread(work, (finished,))
        ends.append(finished)
    for finished in ends:
        finished.acquire()
    done = [answer for answer in answers if answer is not None]
    return done if len(done) == len(requests) else None


def replay(argv: Sequence[str]) -> bool:
    """Print what the same ``up`` printed when it last found nothing to do, if nothing has changed since;
    ``False`` (and nothing printed) when the command has to run in full."""
    environment = os.environ
    if not enabled(environment):
        return False
    note = _load(note_path(environment, os.getcwd(), argv))
    try:
        if note is None or not _holds(note, environment):
            return False
    except (OSError, TypeError, ValueError):  # a note that is not what this code writes: plan in full
        return False
    sys.stdout.write(str(note.get("stdout", "")))
    sys.stdout.flush()
    sys.stderr.write(str(note.get("stderr", "")))
    sys.stderr.flush()
    return True


def _holds(note: Mapping[str, object], environment: Mapping[str, str]) -> bool:
    """Whether everything the note's plan was made of is still the same, cheapest checks first."""
    if note.get("environment") != environment_digest(environment):
        return False
    if note.get("terminals") != _terminals() or note.get("code") != code_identity():
        return False
    files, requests, project = note.get("files"), note.get("requests"), note.get("project")
    if not (isinstance(files, list) and isinstance(requests, list) and isinstance(project, str)):
        return False
    if not unchanged([(str(path), str(what)) for path, what in files]):
        return False
    wire = Wire.for_host(environment.get("DOCKER_HOST") or DEFAULT_HOST, TIMEOUT)
    if wire is None:
        return False
    with lock_if_free(project) as free:
        if not free:
            return False
        answers = _ask(wire, [(str(method), str(target)) for method, target in requests])
    return answers is not None and answers_digest(answers) == note.get("answers")


# -- taking a note ---------------------------------------------------------------------------------------
class _Tee:
    """A text stream that also keeps what is written to it (its note counts the characters)."""

    def __init__(self, stream: object, note: Note) -> None:
        self.stream = stream
        self._note = note
        self.text: list[str] = []

    def write(self, text: str) -> int:
        self._note.printed += len(text)
        if self._note.printed <= OUTPUT_LIMIT:  # past it no note is kept: nothing more to hold
            self.text.append(text)
        written: int = self.stream.write(text)  # type: ignore[attr-defined]
        return written

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


class Note:
    """What one ``up`` read and printed, while it runs."""

    def __init__(self, argv: Sequence[str], files: Recording) -> None:
        self.argv = list(argv)
        self.cwd = os.getcwd()
        self.files = files
        self.answers: list[Answer] = []
        self.printed = 0
        self.spoilt = False
        self.out = _Tee(sys.stdout, self)
        self.err = _Tee(sys.stderr, self)
        self.marked: tuple[int, int] | None = None

    def heard(self, method: str, target: str, status: int, body: bytes) -> None:
        if method != "GET" or status < 0:
            self.spoilt = True
        if not self.spoilt:  # a spoilt note is never kept: its answers need not be held (a cold ``up``)
            self.answers.append((method, target, status, body))

    def spoil(self) -> None:
        """Something happened that a replay would not repeat (a wait for the lock, say)."""
        self.spoilt = True

    def mark(self) -> None:
        """What is printed from here on is the plan's progress; what came before (the loading's warnings),
        a rerun prints too."""
        if self.printed <= OUTPUT_LIMIT:  # else not all of it was held
            self.marked = (len(self.out.text), len(self.err.text))

    def keep(self, project: str) -> None:
        """Write the note, if nothing in this run could make a replay differ from running in full."""
        if self.spoilt or self.files.spoilt or self.printed > OUTPUT_LIMIT or "docker" in sys.modules:
            return
        self._write(project, self.argv, self.answers, "".join(self.out.text), "".join(self.err.text))

    def keep_next(
        self, project: str, steps: Sequence[tuple[Callable[[TextIO], bool], Sequence[str] | None]]
    ) -> None:
        """After an ``up`` that changed something: note what the same ``up`` would find right after it.

        Each step reruns a part of that ``up`` (its planning; then, for ``--wait``, its wait), showing its
        progress on the stream it is given, and tells whether it found nothing to do; it must ask the
        engine only through ``docker_wire``. After each step that found nothing, the command line paired
        with it, if any, gets a note: the answers heard so far, and as output what this run printed before
        :meth:`mark` followed by what the steps showed. So the first no-op after a change is replayed too.
        """
        if self.files.spoilt or self.marked is None:
            return
        self.answers, self.spoilt = [], False  # hear the rerun's answers alone
        shown = io.StringIO()
        out, err = self.marked
        for step, argv in steps:
            if not step(shown) or self.spoilt or not self.answers:
                return
            if argv is not None:
                said = "".join(self.err.text[:err]) + shown.getvalue()
                self._write(project, argv, self.answers, "".join(self.out.text[:out]), said)

    def _write(
        self, project: str, argv: Sequence[str], answers: Sequence[Answer], stdout: str, stderr: str
    ) -> None:
        if len(stdout) + len(stderr) > OUTPUT_LIMIT:
            return
        environment = os.environ
        note = {
            "version": VERSION,
            "argv": list(argv),
            "cwd": self.cwd,
            "project": project,
            "environment": environment_digest(environment),
            "terminals": _terminals(),
            "code": code_identity(),
            "files": [list(seen) for seen in self.files.seen],
            "requests": sorted([method, target] for method, target, _, _ in answers),
            "answers": answers_digest(answers),
            "stdout": stdout,
            "stderr": stderr,
        }
        _write(note_path(environment, self.cwd, argv), marshal.dumps(note))


def _write(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        partial = f"{path}.{os.getpid()}"
        with open(partial, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
        _prune(folder)
    except OSError:
        pass  # a note is only a shortcut: without one, the next run plans in full


def _prune(folder: str) -> None:
    notes = [entry for entry in os.scandir(folder) if entry.name.endswith(".note")]
    if len(notes) <= KEPT:
        return
    notes.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in notes[: len(notes) - KEPT]:
        os.unlink(entry.path)


def noting(wanted: bool) -> _Noting:
    """While the ``with`` block runs, note the files read, the engine's answers and the output; the block
    gets the :class:`Note` (``None``: this command line is not one to note). The caller calls
    :meth:`Note.keep` when the run found nothing to do."""
    argv = invoked_with
    return _Noting(argv if wanted and argv is not None and enabled(os.environ) else None)


class _Noting:
    """The ``with`` block of :func:`noting`: records the files read, hears the wire and tees the output
    while it runs, and puts all three back as they were after it (a class, not ``contextlib``, which a
    replay does not load)."""

    def __init__(self, argv: Sequence[str] | None) -> None:
        self._argv = argv
        self._note: Note | None = None
        self._observer: docker_wire.Observer | None = None

    def __enter__(self) -> Note | None:
        if self._argv is None:
            return None
        self._note = note = Note(self._argv, recording().__enter__())
        self._observer, docker_wire.observer = docker_wire.observer, note.heard
        sys.stdout, sys.stderr = note.out, note.err
        return note

    def __exit__(self, *exc: object) -> None:
        note, self._note = self._note, None
        if note is None:
            return
        sys.stdout, sys.stderr = note.out.stream, note.err.stream
        docker_wire.observer = self._observer
        note.files.__exit__()
