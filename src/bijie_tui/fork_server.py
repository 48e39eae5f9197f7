"""Sessions of ``serve --ssh`` forked from a warm process: the fork server.

Starting the explorer costs a new process most of its start-up CPU in imports and in reading
the dataset. The fork server is a process that has done both once, and forks a session's
process from itself on request, in a blink:

- it is started (``python -P -m bijie_tui.fork_server``, in the sessions' working directory,
  with the sessions' environment from the server, and nothing else) before the SSH server
  reads its host key, and holds no secret; it never reads from the network;
- it is single-threaded and runs no event loop: between requests it waits in ``select``;
- a request is one message on a Unix socket pair (``SOCK_SEQPACKET``): the session's
  environment, working directory and the explorer's arguments as JSON, and the session's
  pseudo-terminal (its slave side) as a passed descriptor; the answer is the child's pid;
- the child makes itself a session leader with the pseudo-terminal as its controlling
  terminal and its standard input, output and error, takes the session's environment and
  working directory, ignores SIGTSTP (no job control), and runs the explorer;
- the fork server reaps its children and reports each one's end (its status, or the signal
  that killed it), and a child that stopped, which it continues.

Where ``fork`` or descriptor passing is missing, the SSH server starts sessions as new
processes instead (:func:`available`). The SSH server side is :class:`ForkServer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import gc
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import termios
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .display import SESSION_TERM

if TYPE_CHECKING:
    from textual.app import App

    from .textual_private import ColorSystem

MESSAGE = 65536
"""The largest message either side sends (a request's environment is small and bounded)."""


def available() -> bool:
    return (
        hasattr(os, "fork")
        and hasattr(socket, "send_fds")
        and hasattr(socket, "SOCK_SEQPACKET")
        and sys.platform.startswith("linux")
    )


# -- the fork server's process -------------------------------------------------------------------


def _child(request: dict[str, Any], tty: int, control: socket.socket, started: int) -> None:
    """In the forked child: become the session's process and run the explorer; never returns.
    ``started`` is closed once the child leads its own session and process group, so that a
    signal to the group reaches it from then on."""
    status = 1
    try:
        control.close()
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a new process
        os.setsid()
        fcntl.ioctl(tty, termios.TIOCSCTTY, 0)
        os.close(started)
        for fd in (0, 1, 2):
            os.dup2(tty, fd)
        if tty > 2:
            os.close(tty)
        signal.signal(signal.SIGTSTP, signal.SIG_IGN)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # The standard streams of the fork server were /dev/null: new ones on the terminal.
        # Textual writes to sys.__stderr__ and reads sys.__stdin__.
        streams = {
            "stdin": open(0, encoding="utf-8", closefd=False),
            "stdout": open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1),
            "stderr": open(
                2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1
            ),
        }
        for name, stream in streams.items():
            setattr(sys, name, stream)
            setattr(sys, f"__{name}__", stream)
        # The objects of the fork server stay frozen (out of the collector's scans): scanning
        # them would write to, and so copy, the pages this process shares with it.
        from .cli import run

        status = run(list(request["args"]))
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
    except BaseException:  # the child must never return into the fork server
        with contextlib.suppress(BaseException):
            import traceback

            traceback.print_exc()
    finally:
        os._exit(status)


def _serve(control: socket.socket, app_args: Sequence[str]) -> None:
    """The fork server's loop: fork on each request, report each child's end."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's ctrl+c is the server's
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)

    def send(message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            control.send(json.dumps(message).encode())

    while True:
        for key, _ in selector.select():
            if key.fileobj == wake_r:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 512)
                _reap(send)
                continue
            try:
                data, fds, _flags, _addr = socket.recv_fds(control, MESSAGE, 1)
            except OSError:
                data, fds = b"", []
            if not data:
                return  # the SSH server is gone; the sessions end with their terminals
            try:
                request = json.loads(data)
                if len(fds) != 1:
                    raise ValueError("no terminal")
                if threading.active_count() != 1:
                    raise OSError("the fork server has a thread: it forks from one alone")
                started_r, started_w = os.pipe()
                pid = os.fork()
            except (OSError, ValueError) as exc:
                for fd in fds:
                    os.close(fd)
                send({"id": _id(data), "error": str(exc)})
                continue
            if pid == 0:
                selector.close()
                os.close(wake_r)
                os.close(wake_w)
                os.close(started_r)
                _child(request, fds[0], control, started_w)
            os.close(fds[0])
            os.close(started_w)
            with contextlib.suppress(OSError):
                os.read(started_r, 1)  # until the child has its own session (or is gone)
            os.close(started_r)
            send({"id": request["id"], "pid": pid})


def _id(data: bytes) -> Any:
    with contextlib.suppress(ValueError, TypeError, KeyError):
        return json.loads(data)["id"]
    return None


def _reap(send: Callable[[dict[str, Any]], None]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG | os.WUNTRACED)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if os.WIFSTOPPED(status):
            # There is no job control in a session: a stopped explorer is continued.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGCONT)
            send({"pid": pid, "stopped": True})
        elif os.WIFEXITED(status):
            send({"pid": pid, "status": os.WEXITSTATUS(status)})
        elif os.WIFSIGNALED(status):
            send({"pid": pid, "status": -os.WTERMSIG(status)})


def prepare(app_args: Sequence[str]) -> None:
    """What every session's start has in common, done once, before the first fork: the
    imports of the explorer and of its first screen, the dataset read, every tab's tables made
    and the app's CSS parsed, in the language and the theme the sessions start in, and the
    explorer run once to its first screen and ended (:func:`rehearse`). Then every object
    made so far is left out of the collector's scans, so that the children do not touch (and
    copy) the pages that hold them.

    Only what the sessions start with is made: tables in the other language, or the CSS
    parsed in another theme, would spare the few sessions a client starts in them some work,
    and cost every other one memory (a process forked from this one copies more of the pages
    it shares with it, used or not)."""
    gc.disable()
    from . import app, config, driver  # noqa: F401
    from .cli import _catalog, _parse, warm
    from .model.tabs import make_tables
    from .widgets import browse_view, detail  # noqa: F401

    with contextlib.suppress(ImportError):
        import textual.drivers.linux_driver
        import textual.pilot  # noqa: F401  (imported by App.run)
    args = _parse(list(app_args))
    warm(args.data)
    # What follows only spares the sessions work they would do anyway: should any of it fail,
    # they do it themselves (and a dataset in error is told by each).
    with contextlib.suppress(Exception):
        # As a session resolves them, before its client's environment.
        settings = config.resolve(
            config.config_path(os.environ),
            os.environ,
            lang=args.lang,
            low_bandwidth=args.low_bandwidth,
            mouse=args.mouse,
        )
        make_tables(_catalog(args.data), (settings.lang,))
        own = settings.theme if settings.origins.get("theme") == "file" else None
        with as_a_session():
            app.parse_css_ahead(app.PLAIN_THEME if settings.low_bandwidth else own)
            rehearse(args, settings, own)
    from rich.cells import cell_len

    cell_len("\u4e2d")  # loads the table of the characters' widths
    # The explorer's run froze what it made (as a session's start does); what is left of it
    # is collected now, and what stays is frozen again.
    gc.unfreeze()
    gc.collect()
    FILLERS.extend(fill_free_blocks())
    gc.freeze()
    gc.disable()


FILLERS: list[object] = []
"""What fills the free blocks of this process's heap before it forks (:func:`fill_free_blocks`)."""


def fill_free_blocks() -> list[object]:
    """Objects that take every free block of Python's small-object heap, and its pools not in
    use, to be kept as long as this process lives; none where the heap's state is not told.

    A session forked from here copies each page of this process's that it writes to. Python
    puts a new small object in a free block of a pool partly in use: free blocks of this heap
    (left by what the run of the explorer made and dropped) lie on pages used by objects the
    sessions never touch, and each object a session made there cost it a copy of a page. With
    them taken, a session's objects go to pages of its own, side by side (about 170 pages
    fewer copied, and two to three milliseconds less CPU to start a session)."""
    fillers: list[object] = []
    for _ in range(2):  # the second for the blocks the first took making its list
        state = small_heap()
        if state is None:
            return fillers
        for size, count in state[0].items():
            fillers.extend(_block(size) for _ in range(count))
    state = small_heap()
    if state is not None:
        free, unused_pools, pool_size = state
        largest = max(free)
        fillers.extend(_block(largest) for _ in range(unused_pools * pool_size // largest))
    return fillers


def small_heap() -> tuple[dict[int, int], int, int] | None:
    """The free blocks of Python's small-object heap by their size, its pools not in use and
    the size of a pool, as ``sys._debugmallocstats`` tells them (CPython, on its standard
    error); None where it tells them otherwise, or not."""
    told = getattr(sys, "_debugmallocstats", None)
    if told is None:
        return None
    import re
    import tempfile

    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)
        try:
            os.dup2(out.fileno(), 2)
            told()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("ascii", "replace")
    free = {
        int(size): int(available)
        for size, available in re.findall(
            r"^\s*\d+\s+(\d+)\s+\d+\s+\d+\s+(\d+)\s*$", text, re.MULTILINE
        )
    }
    pools = re.search(r"^(\d+) unused pools \* (\d+) bytes", text, re.MULTILINE)
    if not free or pools is None:
        return None
    return free, int(pools.group(1)), int(pools.group(2))


_EMPTY_BYTES = sys.getsizeof(b"")
_BARE_OBJECT = sys.getsizeof(object())


def _block(size: int) -> object:
    """A new object of ``size`` bytes in the small-object heap (a size class of it)."""
    if size > _EMPTY_BYTES:
        return bytes(size - _EMPTY_BYTES)
    return float(size) + 0.5 if size > _BARE_OBJECT else object()


REHEARSAL_SIZE = (80, 24)
"""The window the explorer is run in by :func:`rehearse`."""
REHEARSAL_COLOURS: tuple[ColorSystem, ...] = ("256", "truecolor")
"""The terminals its screens are written for."""


@contextlib.contextmanager
def as_a_session() -> Iterator[None]:
    """This process's environment as a session's over SSH, meanwhile: the fork server's own
    (as the SSH server gives it to every session) with an SSH connection, and the terminal
    type a session has when its client names none (most clients name this one). Textual and
    Rich read the terminal's colours from it: without it, the explorer would run here in 16
    colours, and a session in 256 would find nothing it made of use (a session took a third
    more CPU to start)."""
    added = {"SSH_CONNECTION": "127.0.0.1 0 127.0.0.1 0", "TERM": SESSION_TERM}
    added = {name: value for name, value in added.items() if name not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def rehearse(args: Any, settings: Any, theme: str | None) -> None:
    """Run the explorer once, headless (no terminal), with the dataset of ``args`` and the
    ``settings`` sessions start with, as a session over SSH would (in
    :func:`as_a_session`): to its first screen, a step of the cursor, and its end; its two
    screens then go through the driver's shadow of the terminal. What a process runs the
    first time costs more than later
    (Python adapts the code it runs to the objects it meets; Textual and Rich fill caches of
    styles, widths and segments): done here once, it is done for every session forked, which
    then starts in a tenth less CPU. The app, its event loop and its tasks are all gone when
    this returns (there is no thread either: the fork server forks from one alone); what is
    kept is only those caches, and the code adapted."""
    from textual.pilot import Pilot

    from .app import BijieApp
    from .cli import _catalog
    from .display import decide
    from .shadow import Shadow
    from .textual_private import screen_as_written

    explorer = BijieApp(
        _catalog(args.data),
        lang=settings.lang,
        display=decide(os.environ, low_bandwidth=settings.low_bandwidth, mouse=settings.mouse),
        theme=theme,
        keymap=settings.keys,
        config_file=settings.path,
    )

    frames: dict[ColorSystem, list[str]] = {colours: [] for colours in REHEARSAL_COLOURS}

    def write(app: App[object]) -> None:
        for colours, written in frames.items():
            written.append(screen_as_written(app, colours))

    async def steps(pilot: Pilot[object]) -> None:
        await pilot.pause()
        write(pilot.app)
        await pilot.press("down")
        await pilot.pause()
        write(pilot.app)
        pilot.app.exit()

    explorer.run(headless=True, size=REHEARSAL_SIZE, auto_pilot=steps)
    # Run headless, the explorer wrote nothing: its frames are written here as to a terminal
    # of 256 colours (a client's TERM=xterm-256color) and of 24-bit colour (COLORTERM), and go
    # through the driver's shadow of the terminal (which sends only the cells that change).
    for written in frames.values():
        shadow = Shadow()
        shadow.size = REHEARSAL_SIZE
        for frame in ("\x1b[2J", *written):
            shadow.feed(frame)


def main() -> None:
    """``python -P -m bijie_tui.fork_server FD [ARGS...]``: FD is the control socket."""
    control = socket.socket(fileno=int(sys.argv[1]))
    app_args = sys.argv[2:]
    prepare(app_args)
    control.send(b'{"ready": true}')
    _serve(control, app_args)


# -- the SSH server's side -----------------------------------------------------------------------


class Forked:
    """A session's process forked by the fork server, as the SSH server sees it: its pid, and
    its end as the fork server reports it (as ``asyncio.subprocess.Process`` gives them)."""

    def __init__(self, pid: int, loop: asyncio.AbstractEventLoop) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._ended: asyncio.Future[int] = loop.create_future()

    def _end(self, status: int) -> None:
        self.returncode = status
        if not self._ended.done():
            self._ended.set_result(status)

    async def wait(self) -> int:
        return await asyncio.shield(self._ended)


class ForkServer:
    """The SSH server's handle on its fork server."""

    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        control: socket.socket,
        log: Callable[[str], None],
    ) -> None:
        self._proc = proc
        self._control = control
        self._log = log
        self._loop = asyncio.get_running_loop()
        self._next = 0
        self._asked: dict[int, asyncio.Future[int]] = {}
        self._children: dict[int, Forked] = {}
        self.on_stopped: Callable[[int], None] = lambda pid: None
        """Called with the pid of a child that stopped (and was continued)."""
        self.alive = True
        self._loop.add_reader(control.fileno(), self._read)

    @classmethod
    async def start(
        cls,
        app_args: Sequence[str],
        env: Mapping[str, str],
        cwd: str,
        log: Callable[[str], None],
        timeout: float = 60.0,
    ) -> ForkServer | None:
        """Start the fork server and wait until it is warm; None (and a log line) when it
        cannot start: sessions are then started as new processes."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            proc = subprocess.Popen(
                [
                    *(sys.executable, "-P", "-m", "bijie_tui.fork_server"),
                    str(theirs.fileno()),
                    *app_args,
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=None,
                env=dict(env),
                cwd=cwd,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except OSError as exc:
            ours.close()
            theirs.close()
            log(f"cannot start the fork server ({exc}); sessions start as new processes")
            return None
        theirs.close()
        loop = asyncio.get_running_loop()
        try:
            ours.setblocking(False)
            ready = await asyncio.wait_for(loop.sock_recv(ours, MESSAGE), timeout)
        except (OSError, TimeoutError):
            ready = b""
        if ready != b'{"ready": true}':
            ours.close()
            proc.kill()
            await asyncio.to_thread(proc.wait)
            log("the fork server did not start; sessions start as new processes")
            return None
        return cls(proc, ours, log)

    @property
    def pid(self) -> int:
        return self._proc.pid

    async def spawn(
        self, args: Sequence[str], env: Mapping[str, str], cwd: str, tty: int
    ) -> Forked:
        """Fork a session's process on the pseudo-terminal ``tty`` (its slave side)."""
        if not self.alive:
            raise OSError("the fork server has ended")
        self._next += 1
        ask = self._next
        answer: asyncio.Future[int] = self._loop.create_future()
        self._asked[ask] = answer
        request = {"id": ask, "args": list(args), "env": dict(env), "cwd": cwd}
        try:
            socket.send_fds(self._control, [json.dumps(request).encode()], [tty])
            pid = await answer
        finally:
            self._asked.pop(ask, None)
        forked = Forked(pid, self._loop)
        self._children[pid] = forked
        return forked

    def _read(self) -> None:
        try:
            data = self._control.recv(MESSAGE)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._lost()
            return
        message = json.loads(data)
        if "id" in message:
            answer = self._asked.get(message["id"])
            if answer is not None and not answer.done():
                if "pid" in message:
                    answer.set_result(int(message["pid"]))
                else:
                    answer.set_exception(OSError(message.get("error", "fork failed")))
        elif "status" in message:
            child = self._children.pop(int(message["pid"]), None)
            if child is not None:
                child._end(int(message["status"]))
        elif message.get("stopped"):
            self.on_stopped(int(message["pid"]))

    def _lost(self) -> None:
        """The fork server ended: its children's ends can no longer be known. They are hung
        up (their process group) and taken as killed; new sessions start as new processes."""
        if not self.alive:
            return
        self.alive = False
        self._loop.remove_reader(self._control.fileno())
        self._log("the fork server ended; sessions start as new processes")
        for answer in self._asked.values():
            if not answer.done():
                answer.set_exception(OSError("the fork server has ended"))
        for pid, child in list(self._children.items()):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            child._end(-signal.SIGKILL)
        self._children.clear()

    async def close(self) -> None:
        """End the fork server (its children, the sessions, are the SSH server's to end)."""
        if self.alive:
            self.alive = False
            self._loop.remove_reader(self._control.fileno())
        self._control.close()
        with contextlib.suppress(ProcessLookupError):
            self._proc.terminate()
        await asyncio.to_thread(self._proc.wait)


if __name__ == "__main__":
    main()
