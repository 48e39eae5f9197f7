"""The command line: the TUI by default, and ``validate``, ``show`` and ``schema`` without it.

Textual is imported only when the TUI starts, so the other commands stay quick.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import __version__

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from .model.format import Lang
    from .model.query import Catalog

PROG = "bijie-tui"
FORMATS = ("table", "csv", "json", "markdown")

_HEADER_COLUMNS = ("sector", "indicator", "region", "period", "display", "status", "source_id")


def _headers(lang: Lang) -> dict[str, str]:
    from .model.words import word

    return {column: word(f"show.{column}", lang) for column in _HEADER_COLUMNS}


class UsageError(Exception):
    """A mistake in the command line or its arguments (exit status 2)."""


def _default_lang() -> Lang:
    env = os.environ.get("BIJIE_TUI_LANG", "")
    return "zh" if env.lower().startswith("zh") else "en"


class _Parser(argparse.ArgumentParser):
    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write; --help and --version on standard output must not
        # be lost without a word (run() reports the error).
        if message and file is not None and file is sys.stdout:
            file.write(message)
        else:
            super()._print_message(message, file)


def _common(default: object) -> _Parser:
    """--data and --lang, accepted before and after a command."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--data",
        metavar="PATH",
        default=default,
        help="a dataset file to use instead of the bundled one",
    )
    common.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=default,
        help="language of names and numbers (default: en, or BIJIE_TUI_LANG=zh)",
    )
    return common


def _parser() -> argparse.ArgumentParser:
    # A command's own defaults must not overwrite what was given before the command.
    common = _common(argparse.SUPPRESS)
    parser = _Parser(
        prog=PROG,
        parents=[_common(None)],
        description=(
            "Explore what Guangzhou and Bijie have done together in employment, education, "
            "industry and healthcare. Without a command, starts the terminal explorer."
        ),
        epilog="Every figure carries its source. See 'bijie-tui COMMAND --help'.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    screen = parser.add_argument_group("the explorer's display")
    screen.add_argument(
        "--low-bandwidth",
        action="store_true",
        help="fewest bytes: the terminal's 16 colours, no mouse, no animation "
        "(also BIJIE_TUI_LOW_BANDWIDTH=1)",
    )
    screen.add_argument(
        "--ascii",
        action="store_true",
        help="ASCII borders and marks only (automatic when the locale is not UTF-8)",
    )
    screen.add_argument(
        "--mouse",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask the terminal for mouse reports (default: on, off over SSH and with "
        "--low-bandwidth)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        help="check a dataset and print what it holds",
        description="Check a dataset file (the bundled one by default). Prints counts and "
        "exits 0, or prints one error line and exits 2.",
    )
    validate.add_argument("path", nargs="?", metavar="PATH", help="dataset file to check")

    show = sub.add_parser(
        "show",
        parents=[common],
        help="print figures without the TUI",
        description="Print the figures of one sector, or all, as a table, CSV, JSON or "
        "Markdown. CSV and JSON values are plain numbers in base units (yuan, people, ...).",
    )
    show.add_argument(
        "sector",
        nargs="?",
        default="all",
        metavar="SECTOR",
        help="a sector id or name (employment, education, industry, healthcare, context) "
        "or 'all' (default)",
    )
    show.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")

    _serve_parser(sub, common)

    sub.add_parser(
        "schema",
        help="print the JSON Schema of the dataset format",
        description="Print the JSON Schema of the dataset format, for preparing your own data.",
    )
    return parser


def _serve_parser(sub: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    """``serve``: the explorer for others. ``--ssh`` serves it over SSH (ssh_server.py)."""
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the explorer to others (--ssh: over SSH)",
        description="Serve the explorer to others. With --ssh, an SSH server whose only "
        "program is the explorer: 'ssh -p 2222 HOST' opens it, one process per session. "
        "Needs the extra: pip install 'bijie-tui[ssh]'.",
    )
    serve.add_argument("--ssh", action="store_true", help="serve over SSH (asyncssh)")
    # No defaults here: each kind of server has its own (SSH: 127.0.0.1, port 2222).
    serve.add_argument("--host", default=None, help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (--ssh: 2222; 0: any free)")
    serve.add_argument(
        "--low-bandwidth",
        action="store_true",
        default=argparse.SUPPRESS,
        help="every session in low-bandwidth mode",
    )
    serve.add_argument(
        "--ascii", action="store_true", default=argparse.SUPPRESS, help="every session in ASCII"
    )
    ssh = serve.add_argument_group("--ssh")
    ssh.add_argument(
        "--host-key",
        metavar="FILE",
        default=None,
        help="the server's private key (default: one made on first start in the "
        "platform's data directory)",
    )
    ssh.add_argument(
        "--authorized-keys",
        metavar="FILE",
        default=None,
        help="the public keys let in (default: ~/.ssh/authorized_keys)",
    )
    ssh.add_argument(
        "--open",
        action="store_true",
        help="let anyone in, without a key (a public read-only explorer)",
    )
    ssh.add_argument(
        "--idle-timeout",
        metavar="MINUTES",
        type=float,
        default=None,
        help="end a session after this long without a key (default: 30; 0: never)",
    )
    ssh.add_argument(
        "--max-sessions",
        metavar="N",
        type=int,
        default=None,
        help="sessions at once; more are refused (default: 16)",
    )


def _serve(args: argparse.Namespace) -> int:
    if not args.ssh:
        raise UsageError(
            "serve: serving to browsers needs the browser server, which this version does not "
            "have; 'serve --ssh' serves the explorer over SSH"
        )
    try:
        from . import ssh_server
    except ImportError as exc:  # the optional extra is not installed
        if exc.name not in ("asyncssh", "platformdirs", "cryptography"):
            raise
        raise UsageError(
            "serve --ssh: the SSH server is an optional extra: install 'bijie-tui[ssh]'"
        ) from None
    if args.open and args.authorized_keys is not None:
        raise UsageError("serve: --open lets anyone in; it takes no --authorized-keys")
    port = ssh_server.DEFAULT_PORT if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise UsageError(f"serve: --port {port}: not a port (0 to 65535)")
    idle = ssh_server.DEFAULT_IDLE_MINUTES if args.idle_timeout is None else args.idle_timeout
    if not idle >= 0 or idle == float("inf"):
        raise UsageError(f"serve: --idle-timeout {idle}: not a number of minutes (0: never)")
    most = ssh_server.DEFAULT_MAX_SESSIONS if args.max_sessions is None else args.max_sessions
    if most < 1:
        raise UsageError(f"serve: --max-sessions {most}: at least 1")
    if args.data is not None:
        _catalog(args.data)  # checked once here: a bad file is one line, before listening
    options = ssh_server.Options(
        host=args.host or "127.0.0.1",
        port=port,
        host_key=None if args.host_key is None else Path(args.host_key),
        authorized_keys=None if args.authorized_keys is None else Path(args.authorized_keys),
        open=args.open,
        idle_minutes=idle,
        max_sessions=most,
        app_args=ssh_server.app_args(
            lang=args.lang,
            low_bandwidth=args.low_bandwidth,
            ascii=args.ascii,
            data=args.data,
        ),
    )
    try:
        return ssh_server.serve(options)
    except ssh_server.ServeError as exc:
        raise UsageError(str(exc)) from None


def _catalog(path: str | None) -> Catalog:
    from .model.loader import load
    from .model.query import Catalog

    return Catalog(load(path))


def _validate(args: argparse.Namespace) -> int:
    from .model.safe import printable

    # PATH, else --data, else the bundled dataset; an empty PATH is a mistake, not "none".
    path: str | None = args.path if args.path is not None else args.data
    catalog = _catalog(path)
    name = (
        printable(path) if path is not None else "bundled dataset"
    )  # a file name may hold escapes too
    counts = catalog.counts()
    print(f"{name}: ok")
    for key in ("sources", "indicators", "figures", "entities", "pairings", "events", "regions"):
        print(f"  {key:<11} {counts[key]:>6}")
    print("  figures per sector:")
    for sector, n in catalog.figures_per_sector().items():
        print(f"    {sector:<14} {n:>5}")
    return 0


def _pick_sector(catalog: Catalog, wanted: str) -> str | None:
    if wanted.lower() == "all":
        return None
    for sector in catalog.data.sectors:
        names = (sector.id.lower(), sector.name.en.lower(), sector.name.zh)
        if wanted.lower() in names or wanted in names:
            return sector.id
    choices = ", ".join(catalog.sector_ids())
    raise UsageError(f"show: unknown sector {wanted!r} (choose from: {choices}, all)")


_DERIVED_SEPARATOR = {"en": " ", "zh": ""}


def _width() -> int | None:
    """The terminal's width, COLUMNS when output is not a terminal, else None (no limit)."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _table(rows: list[dict[str, str]], lang: Lang) -> None:
    """Rows as a table that fits the terminal: text wraps at spaces (Chinese between
    characters), and no value, id, number or word is ever cut.

    When five columns cannot fit with every word whole, scope and period share a column.
    """
    from rich.console import Console
    from rich.text import Text

    from .model.output import (
        Token,
        fit_widths,
        keep_dates,
        min_width,
        natural_width,
        stacked,
        table_lines,
        tokens,
    )
    from .model.safe import printable
    from .model.words import word

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit with status 1; the reader going away is not an error, and
            # run() treats it the same for every format.
            raise BrokenPipeError

    console = _Console(highlight=False)
    terminal = console.is_terminal
    width = _width()
    headers = _headers(lang)
    mark, mark_sep = word("show.derived_mark", lang), _DERIVED_SEPARATOR[lang]

    def text(key: str, row: dict[str, str]) -> list[Token]:
        return tokens(printable(row[key]))

    def value(row: dict[str, str]) -> list[Token]:
        cell: list[Token] = [("", printable(row["display"]))]  # one token: never wrapped
        if row["status"] == "derived":
            cell.append((mark_sep, mark))
        return cell

    five = [
        [
            text("indicator", row),
            text("region", row),
            keep_dates(text("period", row)),
            value(row),
            text("source_id", row),
        ]
        for row in rows
    ]
    heads = [tokens(headers[k]) for k in ("indicator", "region", "period", "display", "source_id")]
    weights = [3, 2, 3, 1, 1]
    gap = "  "

    def widths_for(
        heads: list[list[Token]], cells: list[list[list[Token]]], weights: list[int]
    ) -> list[int] | None:
        columns = list(zip(heads, *cells, strict=True))
        mins = [max(min_width(c) for c in column) for column in columns]
        naturals = [max(natural_width(c) for c in column) for column in columns]
        room = None if width is None else width - len(gap) * (len(columns) - 1)
        return fit_widths(mins, naturals, weights, room)

    widths = widths_for(heads, five, weights)
    body, right = five, frozenset({3})
    if widths is None:
        # Scope, then the period on a line of its own.
        merged = [[ind, stacked(scope, period), *rest] for ind, scope, period, *rest in five]
        body, right = merged, frozenset({2})
        heads = [heads[0], tokens(word("show.scope_period", lang)), heads[3], heads[4]]
        weights = [3, 2, 1, 1]
        widths = widths_for(heads, body, weights)
        if widths is None:  # narrower than the widest words: let lines run over
            columns = list(zip(heads, *body, strict=True))
            widths = [max(min_width(c) for c in column) for column in columns]
    lines = table_lines(heads, body, widths, right, rule="─" if terminal else "-", gap=gap)
    console.print(Text(lines[0], style="bold" if terminal else ""), soft_wrap=True)
    for line in lines[1:]:
        console.print(Text(line), soft_wrap=True)
    derived = sum(1 for r in rows if r["status"] == "derived")
    if derived:
        console.print(Text(word("show.derived_note", lang, n=derived)), soft_wrap=True)


def _show(args: argparse.Namespace) -> int:
    from .model import output

    lang = cast("Lang", args.lang or _default_lang())
    catalog = _catalog(args.data)
    sector = _pick_sector(catalog, args.sector)
    rows = []
    for fig in catalog.figures_of_sector(sector):
        row = catalog.row(fig, lang)
        row["display"] = catalog.display_value(fig, lang)
        rows.append(row)
    if args.format == "csv":
        sys.stdout.write(output.to_csv(rows))
    elif args.format == "json":
        sys.stdout.write(output.to_json(rows))
    elif args.format == "markdown":
        sys.stdout.write(output.to_markdown(rows, _headers(lang)))
    else:
        _table(rows, lang)
    return 0


def _schema() -> int:
    from .model.schema import Dataset

    schema = Dataset.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bijie-tui dataset"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _overview(catalog: Catalog, lang: Lang) -> str:
    """The overview's tables as plain text, for a terminal that cannot show the explorer."""
    from .model.output import spec_text
    from .model.tables import context_table, headline_table, pairing_table

    specs = (
        headline_table(catalog, lang),
        pairing_table(catalog, lang),
        context_table(catalog, lang),
    )
    return "\n".join(spec_text(spec, lang) for spec in specs)


def _tui(args: argparse.Namespace) -> int:
    lang = cast("Lang", args.lang or _default_lang())
    dumb = os.environ.get("TERM", "") == "dumb" or not sys.stdout.isatty()
    if dumb:
        catalog = _catalog(args.data)
        why = "TERM=dumb" if os.environ.get("TERM", "") == "dumb" else "output is not a terminal"
        sys.stdout.write(_overview(catalog, lang))
        sys.stdout.flush()
        print(
            f"{PROG}: {why}, so the overview is printed as text; "
            f"'{PROG} show' prints every figure.",
            file=sys.stderr,
        )
        return 0
    try:
        os.fstat(2)
    except OSError:
        # stderr closed (2>&-): the screen is drawn on stdout's terminal, and fd 2 is kept
        # taken, so that no file opened later lands on it and receives what is meant for stderr.
        null = os.open(os.devnull, os.O_WRONLY)
        if null != 2:
            os.dup2(null, 2)
            os.close(null)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
    # The schema's plugins are never used here; looking for them costs start-up time.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .app import BijieApp
    from .display import decide

    # Python sets LC_CTYPE=C.UTF-8 by itself under a C/POSIX locale (and turns on UTF-8 mode).
    coerced = bool(sys.flags.utf8_mode) and os.environ.get("LC_CTYPE") == "C.UTF-8"
    display = decide(
        os.environ,
        low_bandwidth=args.low_bandwidth,
        ascii=args.ascii,
        mouse=args.mouse,
        coerced_locale=coerced,
    )
    if args.data is None:
        # The bundled dataset is loaded once the screen is up: the first paint comes sooner.
        app = BijieApp(lang=lang, display=display, loader=lambda: _catalog(None))
    else:
        # A dataset of the user's is checked before the screen changes, so that a bad file
        # gets its one error line on a normal terminal.
        app = BijieApp(_catalog(args.data), lang=lang, display=display)
    app.run(mouse=display.mouse)
    if app.load_error is not None:
        from .model.safe import printable

        print(f"{PROG}: error: {printable(app.load_error)}", file=sys.stderr)
        return 2
    return app.return_code or 0  # 1 after an unexpected error, 128 + n after signal n


def _quiet_stdout() -> None:
    """Send what is still buffered for standard output to the null device, so that the
    flush at interpreter exit cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (as under a test)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    if devnull != fd:
        os.dup2(devnull, fd)
        os.close(devnull)


def _command(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args)
    if args.command == "show":
        return _show(args)
    if args.command == "schema":
        return _schema()
    if args.command == "serve":
        return _serve(args)
    # The explorer reads its keys from standard input when it takes over a terminal (see
    # _tui: not under TERM=dumb, nor when output is not a terminal).
    on_terminal = os.environ.get("TERM", "") != "dumb" and sys.stdout.isatty()
    if sys.stdin is None and on_terminal:
        raise UsageError("standard input is closed: the explorer reads its keys from it")
    if on_terminal and not sys.stdin.isatty():
        raise UsageError(
            "standard input is not a terminal: the explorer reads its keys from it "
            f"('{PROG} show' prints the figures)"
        )
    return _tui(args)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from .model.errors import DatasetError
    from .model.safe import printable

    def error(message: str) -> int:
        # The message may quote the dataset: never let it act on the terminal.
        print(f"{PROG}: error: {printable(message)}", file=sys.stderr)
        return 2

    if sys.stdout is None:  # started with standard output closed (``>&-``)
        return error("cannot write the output: standard output is closed")
    parser = _parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit:  # after --help, --version or a usage error
            sys.stdout.flush()
            raise
        status = _command(args)
        # Flushed here, not at exit, so that a write error gets its one line too.
        sys.stdout.flush()
        return status
    except (DatasetError, UsageError) as exc:
        return error(str(exc))
    except BrokenPipeError:
        # The reader went away (``bijie-tui show | head``): not an error.
        _quiet_stdout()
        return 0
    except OSError as exc:
        _quiet_stdout()
        if exc.filename is not None:  # not the output: a file the command used
            return error(f"{exc.strerror or exc}: {exc.filename}")
        return error(f"cannot write the output: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return 130
