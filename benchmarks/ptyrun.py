"""Drive a terminal program in a pseudo-terminal, as the terminal of a remote user would.

The program gets a pty of a given size (set before it starts), a clean environment and a
terminal at the other end that answers the usual queries (device attributes, cursor position,
mode reports, window size, colours) the way xterm does, and sends keys and mouse reports
the way xterm sends them. Everything the program writes is counted, split into kinds of
bytes (SGR sequences, cursor moves, other escapes, ASCII text, other text), counted again as
``ssh -C`` would compress it (one zlib stream at level 6, flushed after each read), and drawn on
a ``pyte`` screen, so a caller can wait until some text is visible or until the output has
been quiet for a while. The window can be resized while the program runs.

Every wait has a timeout, and :meth:`Terminal.close` always kills the program's process
group, so a program that hangs cannot hang the caller.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import queue
import re
import select
import shutil
import signal
import struct
import termios
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyte

KEYS: dict[str, bytes] = {
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "backspace": b"\x7f",
    "space": b" ",
}
"""Keys as xterm sends them in its default (normal cursor key) mode."""

CATEGORIES = ("sgr", "cursor", "other", "ascii", "utf8")
"""The kinds of bytes in a :class:`Breakdown`."""

_NON_ASCII = bytes(range(0x80, 0x100))
_HEAD = 65536
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])")

_CURSOR_FINALS = frozenset(b"ABCDEFGHIJKLdf`")
"""CSI finals that move the cursor or erase around it (CUU..CHA, CUP, ED, EL, VPA, HVP, HPA)."""

SSH_ZLIB_LEVEL = 6
"""The zlib level OpenSSH compresses with."""

_MOUSE_MODES = frozenset({9, 1000, 1001, 1002, 1003, 1005, 1006, 1015, 1016})


@dataclass
class Breakdown:
    """Bytes written by the program, by kind."""

    sgr: int = 0
    """SGR sequences (colours and styles)."""
    cursor: int = 0
    """Sequences that move the cursor or erase around it."""
    other: int = 0
    """Every other escape sequence: modes, queries, OSC strings."""
    ascii: int = 0
    """Text in ASCII, with control characters such as CR and LF."""
    utf8: int = 0
    """Bytes of text beyond ASCII: box drawing, blocks, ellipses, Chinese."""

    def total(self) -> int:
        return sum(self.as_dict().values())

    def copy(self) -> Breakdown:
        return Breakdown(**self.as_dict())

    def plus(self, other: Breakdown) -> Breakdown:
        return Breakdown(*(getattr(self, k) + getattr(other, k) for k in CATEGORIES))

    def minus(self, earlier: Breakdown) -> Breakdown:
        return Breakdown(*(getattr(self, k) - getattr(earlier, k) for k in CATEGORIES))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in CATEGORIES}


class EscapeScanner:
    """Split a byte stream into text and control sequences; sequences may span chunks.

    Counts bytes by kind into :attr:`counts` and hands every complete CSI, OSC and DCS
    sequence (its first bytes, enough to recognise a query) to ``on_sequence``.
    """

    _GROUND, _ESC, _CSI, _STRING, _STRING_ESC = range(5)
    _KEEP = 64  # bytes of a sequence kept for recognising it

    def __init__(self, on_sequence: Callable[[bytes], None]) -> None:
        self.counts = Breakdown()
        self._on_sequence = on_sequence
        self._state = self._GROUND
        self._seq = bytearray()
        self._length = 0

    def feed(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n:
            if self._state == self._GROUND:
                esc = data.find(b"\x1b", i)
                end = n if esc < 0 else esc
                ascii = len(data[i:end].translate(None, _NON_ASCII))
                self.counts.ascii += ascii
                self.counts.utf8 += end - i - ascii
                i = end
                if esc >= 0:
                    self._start(self._ESC)
                    i += 1
                continue
            byte = data[i]
            i += 1
            self._length += 1
            if len(self._seq) < self._KEEP:
                self._seq.append(byte)
            if self._state == self._ESC:
                if byte == 0x5B:  # [
                    self._state = self._CSI
                elif byte in (0x5D, 0x50, 0x5F, 0x5E, 0x58):  # ] P _ ^ X: string sequences
                    self._state = self._STRING
                elif 0x20 <= byte <= 0x2F:  # intermediate: ESC ( B and the like
                    pass
                else:
                    self._finish("other")
            elif self._state == self._CSI:
                if 0x40 <= byte <= 0x7E:
                    if byte == 0x6D:  # m
                        kind = "sgr"
                    elif byte in _CURSOR_FINALS:
                        kind = "cursor"
                    else:
                        kind = "other"
                    self._finish(kind)
                elif byte == 0x1B:  # a broken sequence: start again
                    self._length -= 1
                    self._finish("other")
                    self._start(self._ESC)
            elif self._state == self._STRING:
                if byte == 0x07:
                    self._finish("other")
                elif byte == 0x1B:
                    self._state = self._STRING_ESC
            elif self._state == self._STRING_ESC:
                if byte == 0x5C:  # backslash: ESC \ ends the string
                    self._finish("other")
                else:
                    self._state = self._STRING

    def _start(self, state: int) -> None:
        self._state = state
        self._seq = bytearray(b"\x1b")
        self._length = 1

    def _finish(self, kind: str) -> None:
        setattr(self.counts, kind, getattr(self.counts, kind) + self._length)
        self._state = self._GROUND
        seq = bytes(self._seq)
        self._seq = bytearray()
        self._length = 0
        if seq[:2] in (b"\x1b[", b"\x1b]", b"\x1bP"):
            self._on_sequence(seq)


@dataclass
class Exit:
    """How the program ended."""

    status: int | None
    """Exit status (negative: killed by that signal); ``None`` if it never ended by itself."""
    maxrss_kb: int
    """Peak resident set size of the program, from ``wait4`` (kilobytes on Linux)."""
    killed: bool
    """Whether it had to be killed."""
    cpu_s: float = 0.0
    """User and system CPU time of the program (``wait4``), in seconds."""


@dataclass
class Terminal:
    """A program in a pseudo-terminal of ``cols`` × ``rows``, seen through a ``pyte`` screen.

    ``sync``: whether to answer that synchronized output (mode 2026) is supported.
    """

    argv: list[str]
    env: dict[str, str]
    cols: int = 80
    rows: int = 24
    sync: bool = False
    bytes_in: int = 0
    compressed_in: int = 0
    """What :attr:`bytes_in` would be compressed as ``ssh -C`` compresses them (see
    :meth:`_take`)."""
    queries: dict[str, int] = field(default_factory=dict)
    modes: set[int] = field(default_factory=set)
    started: float = 0.0
    last_output: float = 0.0
    first_output: float = 0.0
    """When the first output came (0.0 before any)."""
    ended: bool = False

    def __post_init__(self) -> None:
        self.screen = pyte.Screen(self.cols, self.rows)
        self.stream = pyte.ByteStream(self.screen)
        self.scanner = EscapeScanner(self._answer)
        self._deflate = zlib.compressobj(SSH_ZLIB_LEVEL)
        self.pid = -1
        self.fd = -1
        self._chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None
        self._exit: Exit | None = None
        self.head = bytearray()
        """The first output, kept to explain a program that fails to start."""
        self.tail = b""
        """The last output, kept to explain a program that ends too soon."""

    # -- starting ------------------------------------------------------------------------------

    def start(self) -> None:
        path = self.argv[0]
        if os.sep not in path:
            found = shutil.which(path, path=self.env.get("PATH"))
            if found is None:
                raise FileNotFoundError(path)
            path = found
        winsize = struct.pack("HHHH", self.rows, self.cols, 0, 0)
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.execve(path, self.argv, self.env)
            except OSError as error:
                os.write(2, f"cannot run {path}: {error}\r\n".encode())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.last_output = self.started
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        fd = self.fd
        while True:
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                if self._stop.is_set():
                    break
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: every copy of the other side is closed
                data = b""
            self._chunks.put((time.monotonic(), data))
            if not data:
                break

    # -- output --------------------------------------------------------------------------------

    def _take(self, timeout: float) -> tuple[float, bytes] | None:
        """Process one chunk of output, waiting at most ``timeout``; ``None`` if none came."""
        if self.ended:
            time.sleep(max(0.0, timeout))
            return None
        try:
            when, data = self._chunks.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if not data:
            self.ended = True
            return None
        if len(self.head) < _HEAD:
            self.head += data[: _HEAD - len(self.head)]
        self.tail = (self.tail + data)[-_HEAD:]
        self.bytes_in += len(data)
        self.first_output = self.first_output or when
        # OpenSSH's compression (ssh -C) is one zlib stream for the whole connection at level
        # 6, flushed (Z_PARTIAL_FLUSH) at the end of each packet; each read here stands for
        # one packet of channel data (the SSH framing itself is not counted).
        packed = self._deflate.compress(data) + self._deflate.flush(zlib.Z_PARTIAL_FLUSH)
        self.compressed_in += len(packed)
        self.last_output = when
        self.scanner.feed(data)
        self.stream.feed(data)
        return when, data

    def text(self) -> str:
        """What the screen shows, one line per row."""
        return "\n".join(self.screen.display)

    def plain_output(self, last: bool = False) -> str:
        """The first (or last) output as plain lines without escapes: a traceback, a usage."""
        data = self.tail if last else bytes(self.head)
        text = _ESCAPES.sub("", data.decode("utf-8", errors="replace"))
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def visible(self, text: str) -> bool:
        return any(text in line for line in self.screen.display)

    def wait_for(self, text: str, timeout: float) -> float | None:
        """Wait until ``text`` is on screen; when the output that showed it arrived, or None."""
        deadline = time.monotonic() + timeout
        if self.visible(text):
            return self.last_output
        while not self.ended:
            got = self._take(deadline - time.monotonic())
            if got is not None and self.visible(text):
                return got[0]
            if time.monotonic() >= deadline:
                break
        return None

    def settle(self, quiet: float = 0.15, first: float = 0.0, limit: float = 10.0) -> bool:
        """Wait until no output came for ``quiet`` seconds; False if it never got quiet.

        ``first``: wait at least this long for output to begin (a reply may be slower than
        ``quiet``). ``limit``: give up after this long.
        """
        start = time.monotonic()
        deadline = start + limit
        begin = max(self.last_output, start)
        got_any = False
        while True:
            now = time.monotonic()
            since = self.last_output if got_any else begin
            wait_until = since + (quiet if got_any else max(quiet, first))
            if now >= wait_until or self.ended:
                return True
            if now >= deadline:
                return False
            if self._take(min(wait_until, deadline) - now) is not None:
                got_any = True

    def pump(self, seconds: float) -> None:
        """Take output (and answer queries) for ``seconds``."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._take(left)

    def resize(self, cols: int, rows: int) -> None:
        """Resize the window, as a terminal emulator does: the pty's size (the kernel sends
        SIGWINCH to the program) and the screen's."""
        self.cols, self.rows = cols, rows
        self.screen.resize(rows, cols)
        if self.fd >= 0 and not self.ended:
            winsize = struct.pack("HHHH", rows, cols, 0, 0)
            with contextlib.suppress(OSError):
                fcntl.ioctl(self.fd, termios.TIOCSWINSZ, winsize)

    # -- input ---------------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        if self.ended or self.fd < 0:
            return
        with contextlib.suppress(OSError):
            os.write(self.fd, data)

    def press(self, key: str) -> None:
        """Send one key: a name from :data:`KEYS` or the characters themselves."""
        self.send(KEYS.get(key, key.encode()))

    def press_timed(self, keys: Iterable[bytes], interval: float) -> None:
        """Send each of ``keys`` ``interval`` seconds apart, taking output in between."""
        next_at = time.monotonic()
        for data in keys:
            self.pump(next_at - time.monotonic())
            self.send(data)
            next_at += interval

    @property
    def mouse_motion(self) -> bool:
        """Whether the program asked for reports of mouse motion without a button (1003)."""
        return 1003 in self.modes

    def mouse_move(self, x: int, y: int) -> bytes:
        """A motion report (no button) at 1-based cell ``x``, ``y``, as xterm would send it."""
        if 1006 in self.modes:
            return f"\x1b[<35;{x};{y}M".encode()
        if 1015 in self.modes:
            return f"\x1b[35;{x};{y}M".encode()
        return b"\x1b[M" + bytes((32 + 35, min(255, 32 + x), min(255, 32 + y)))

    # -- the terminal's answers ----------------------------------------------------------------

    def _answer(self, seq: bytes) -> None:
        """Answer a query the way xterm does; keep track of mouse modes."""
        body = seq[2:]
        if seq.startswith(b"\x1b]"):
            self._answer_osc(body)
            return
        if seq.startswith(b"\x1bP"):
            if body.startswith(b"$q"):  # DECRQSS: say the request is not valid
                self._note("DECRQSS")
                self.send(b"\x1bP0$r\x1b\\")
            return
        if not body:
            return
        final, params = body[-1:], body[:-1]
        if final in (b"h", b"l") and params.startswith(b"?"):
            for part in params[1:].split(b";"):
                if part.isdigit() and int(part) in _MOUSE_MODES | {1004, 2004, 2048}:
                    if final == b"h":
                        self.modes.add(int(part))
                    else:
                        self.modes.discard(int(part))
            return
        if final == b"p" and params.endswith(b"$"):  # DECRQM: report a mode
            mode = params[:-1]
            private = mode.startswith(b"?")
            number = mode.lstrip(b"?")
            self._note(f"DECRQM {'?' if private else ''}{number.decode(errors='replace')}")
            setting = 0  # not recognised
            if private and number == b"2026" and self.sync:
                setting = 2  # recognised, reset
            prefix = b"?" if private else b""
            self.send(b"\x1b[" + prefix + number + b";" + str(setting).encode() + b"$y")
        elif final == b"c" and params in (b"", b"0"):
            self._note("DA1")
            self.send(b"\x1b[?62;22c")
        elif final == b"c" and params in (b">", b">0"):
            self._note("DA2")
            self.send(b"\x1b[>41;390;0c")
        elif final == b"n" and params == b"6":
            self._note("CPR")
            self.send(f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R".encode())
        elif final == b"n" and params == b"?6":
            self._note("DECXCPR")
            row, col = self.screen.cursor.y + 1, self.screen.cursor.x + 1
            self.send(f"\x1b[?{row};{col};1R".encode())
        elif final == b"n" and params == b"5":
            self._note("DSR")
            self.send(b"\x1b[0n")
        elif final == b"t" and params in (b"14", b"16", b"18"):
            self._note(f"XTWINOPS {params.decode()}")
            reply = {
                b"14": f"4;{self.rows * 20};{self.cols * 10}",
                b"16": "6;20;10",
                b"18": f"8;{self.rows};{self.cols}",
            }[params]
            self.send(f"\x1b[{reply}t".encode())
        elif final == b"q" and params in (b">", b">0"):
            self._note("XTVERSION")
            self.send(b"\x1bP>|XTerm(390)\x1b\\")
        elif final == b"u" and params == b"?":
            self._note("kitty keyboard query (not answered, as xterm)")

    def _answer_osc(self, body: bytes) -> None:
        text = body.rstrip(b"\x07").removesuffix(b"\x1b\\")
        number, _, rest = text.partition(b";")
        if rest == b"?" and number in (b"10", b"11", b"12"):
            self._note(f"OSC {number.decode()} colour query")
            colour = b"rgb:ffff/ffff/ffff" if number != b"11" else b"rgb:0000/0000/0000"
            self.send(b"\x1b]" + number + b";" + colour + b"\x1b\\")
        elif number == b"52":
            self._note("OSC 52 clipboard")

    def _note(self, query: str) -> None:
        self.queries[query] = self.queries.get(query, 0) + 1

    # -- ending --------------------------------------------------------------------------------

    def _exited(self) -> bool:
        """Whether the program has ended (without reaping it)."""
        try:
            result = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return True
        return result is not None

    def wait_exit(self, timeout: float) -> bool:
        """Take output until the program ends; False if it is still running after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not self._exited():
            if time.monotonic() >= deadline:
                return False
            self._take(min(0.05, deadline - time.monotonic()))
        return True

    def close(self, timeout: float = 5.0) -> Exit:
        """End the program (killing its process group if needed); its status and peak RSS."""
        if self._exit is not None:
            return self._exit
        killed = False
        if self.pid > 0:
            if not self.wait_exit(timeout):
                killed = True
                self._signal_group(signal.SIGTERM)
                if not self.wait_exit(1.0):
                    self._signal_group(signal.SIGKILL)
            # Whatever the program left running in its group goes too; the program itself is
            # not yet reaped, so its group id cannot have been reused.
            self._signal_group(signal.SIGKILL)
            _, status, usage = os.wait4(self.pid, 0)
            code: int | None = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            self._exit = Exit(None if killed else code, int(usage.ru_maxrss), killed, cpu)
        else:
            self._exit = Exit(None, 0, False)
        self._stop.set()
        if self._reader is not None:
            self._reader.join(timeout=2.0)
        while self._take(0) is not None:  # the last output, for the counts
            pass
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        return self._exit

    def _signal_group(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(timeout=0.5)
