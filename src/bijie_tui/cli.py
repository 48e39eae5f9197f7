"""The command line: the TUI by default, and ``validate``, ``show``, ``export``, ``schema``,
``config`` and ``completion`` without it, and ``serve`` (the TUI in a web browser,
:mod:`.serve`).

Textual is imported only when the TUI starts, so the other commands stay quick; the config
file is read only by the TUI and ``config``.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from . import __version__
from .cli_help import epilog

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from .config import Settings
    from .model.format import Lang
    from .model.query import Catalog

PROG = "bijie-tui"
FORMATS = ("table", "csv", "json", "markdown", "sqlite")
SHELLS = ("bash", "zsh", "fish")
_FILES = {"bash": "_shtab_compgen_files", "zsh": "_files"}
"""shtab's completion of a file name (``shtab.FILE``), without importing shtab."""

_HEADER_COLUMNS = ("sector", "indicator", "region", "period", "display", "status", "source_id")


def _headers(lang: Lang) -> dict[str, str]:
    from .model.words import word

    return {column: word(f"show.{column}", lang) for column in _HEADER_COLUMNS}


class UsageError(Exception):
    """A mistake in the command line or its arguments (exit status 2)."""

    status = 2


class IOFailure(UsageError):
    """A file that cannot be read or written (exit status 74, as sysexits' EX_IOERR)."""

    status = 74


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
    data = common.add_argument(
        "--data",
        metavar="PATH",
        default=default,
        help="a dataset file to use instead of the bundled one ('-': standard input)",
    )
    data.complete = _FILES  # type: ignore[attr-defined]
    common.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=default,
        help="language of names and numbers (default: en, or BIJIE_TUI_LANG=zh; the "
        "explorer also reads it from the config file)",
    )
    return common


_NOT_QUICK = frozenset({"-", "--", "-h", "--help", "--version"})
"""Options the quick parser does not have, or that end the options."""
_TAKE_VALUE = frozenset({"--data", "--lang"})


def _options_only(given: Sequence[str]) -> bool:
    """Whether ``given`` holds options (and their values) only, all of them the quick
    parser's."""
    value = False
    for arg in given:
        if value:
            value = False
        elif not arg.startswith("-") or arg in _NOT_QUICK:
            return False
        else:
            value = arg in _TAKE_VALUE
    return True


class _NotQuick(Exception):
    """The command line is not for the quick parser (see :func:`_parse`)."""


class _QuickParser(_Parser):
    def error(self, message: str) -> NoReturn:
        raise _NotQuick(message)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, parsed. Options alone (``bijie-tui --low-bandwidth``) start the
    explorer, and are parsed by a parser without the commands, which takes a tenth of the
    time to make (2 ms, not 17); anything else, or anything that parser finds wrong, is left
    to the whole parser, which then answers (or reports the mistake) in its own words."""
    given = sys.argv[1:] if argv is None else list(argv)
    if _options_only(given):
        try:
            return _quick_parser().parse_args(given)
        except _NotQuick:
            pass
    try:
        return _parser().parse_args(given)
    except SystemExit:  # after --help, --version or a usage error
        sys.stdout.flush()
        raise


@functools.cache
def _quick_parser() -> argparse.ArgumentParser:
    """The quick parser, made once a process (parsing changes nothing in it): the fork
    server's sessions find it made."""
    return _parser(quick=True)


def _parser(*, quick: bool = False, sectors: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser of the command line; ``quick``: its options only, without the commands
    (nor --help and --version), raising :class:`_NotQuick` on anything else."""
    parser = (_QuickParser if quick else _Parser)(
        prog=PROG,
        parents=[_common(None)],
        add_help=not quick,
        description=(
            "Explore what Guangzhou and Bijie have done together in employment, education, "
            "industry and healthcare. Without a command, starts the terminal explorer."
        ),
        epilog="Every figure carries its source. See 'bijie-tui help COMMAND'.\n\n" + epilog(""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if not quick:
        parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    screen = parser.add_argument_group("the explorer's display")
    screen.add_argument(
        "--low-bandwidth",
        action="store_true",
        help="fewest bytes: the terminal's 16 colours, no mouse, no animation "
        "(also BIJIE_TUI_LOW_BANDWIDTH=1, or low_bandwidth = true in the config file)",
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
    if quick:
        parser.set_defaults(command=None)
        return parser
    # A command's own defaults must not overwrite what was given before the command.
    common = _common(argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        epilog=epilog("validate"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="check a dataset and print what it holds",
        description="Check a dataset file (the bundled one by default). Prints counts and "
        "exits 0, or prints one error line and exits 2.",
    )
    path = validate.add_argument(
        "path", nargs="?", metavar="PATH", help="dataset file to check ('-': standard input)"
    )
    path.complete = _FILES  # type: ignore[attr-defined]

    show = sub.add_parser(
        "show",
        epilog=epilog("show"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
        help="print figures without the TUI",
        description="Print the figures of one sector, or all, as a table, CSV, JSON or "
        "Markdown. CSV and JSON values are plain numbers in base units (yuan, people, ...).",
    )
    sector = show.add_argument(
        "sector",
        nargs="?",
        default="all",
        metavar="SECTOR",
        help="a sector id or name (employment, education, industry, healthcare, context) "
        "or 'all' (default)",
    )
    if sectors:
        from .completion import sector_completion

        sector.complete = sector_completion(sectors)  # type: ignore[attr-defined]
    show.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="table",
        help="output format (sqlite needs --output)",
    )
    output = show.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="with --format sqlite: the new database file (never replaced)",
    )
    output.complete = _FILES  # type: ignore[attr-defined]

    export = sub.add_parser(
        "export",
        epilog=epilog("export"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
        help="write the whole dataset to a new SQLite file",
        description="Write every record of the dataset (figures, indicators, sources, regions, "
        "entities, pairings, events, with their evidence) to a new SQLite database, for "
        "Datasette, sqlite-utils or SQL. An existing file is never replaced.",
    )
    sqlite = export.add_argument(
        "--sqlite", metavar="FILE", required=True, help="the database file to create"
    )
    sqlite.complete = _FILES  # type: ignore[attr-defined]

    sub.add_parser(
        "schema",
        epilog=epilog("schema"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="print the JSON Schema of the dataset format",
        description="Print the JSON Schema of the dataset format, for preparing your own data.",
    )

    sub.add_parser(
        "config",
        epilog=epilog("config"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="print the config file's path and the settings in force",
        description="Print where the config file is (BIJIE_TUI_CONFIG names another) and "
        "every setting of the explorer in force, with where it comes from: the file, the "
        "environment or the default. The output is TOML that can go into the file.",
    )
    completion = sub.add_parser(
        "completion",
        epilog=epilog("completion"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="print a shell completion script (bash, zsh, fish)",
        description="Print a completion script for the shell. bash: "
        "'eval \"$(bijie-tui completion bash)\"' in ~/.bashrc; zsh: "
        "'bijie-tui completion zsh > ~/.zfunc/_bijie-tui' with ~/.zfunc in fpath; fish: "
        "'bijie-tui completion fish > ~/.config/fish/completions/bijie-tui.fish'.",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell")
    from .serve import add_parser as add_serve

    add_serve(sub, parents=[common])
    helper = sub.add_parser(
        "help",
        help="print the help of a command (or of the program)",
        description="Print the help of COMMAND, as 'bijie-tui COMMAND --help' does.",
    )
    helper.add_argument(
        "topic", nargs="?", metavar="COMMAND", choices=list(sub.choices), help="a command"
    )
    return parser


_WARM: dict[str | None, Catalog] = {}
"""Datasets read before the explorer was asked for (by the SSH server's fork server)."""


def warm(path: str | None) -> None:
    """Read the dataset at ``path`` now, for an explorer started later in this process (or in
    a process forked from it)."""
    _WARM[path] = _catalog(path)


def _catalog(path: str | None, *, check: bool = False) -> Catalog:
    """The dataset at ``path`` (or the bundled one, checked only with ``check``: the tests
    check it; ``validate`` does so again)."""
    if not check and path in _WARM:
        return _WARM[path]
    from .model.loader import load
    from .model.query import Catalog

    return Catalog(load(path, check_bundled=check))


def _validate(args: argparse.Namespace) -> int:
    from .model.safe import printable

    # PATH, else --data, else the bundled dataset; an empty PATH is a mistake, not "none".
    path: str | None = args.path if args.path is not None else args.data
    catalog = _catalog(path, check=True)
    from .model.loader import STDIN, STDIN_NAME

    # A file name may hold escapes too.
    name = STDIN_NAME if path == STDIN else printable(path) if path else "bundled dataset"
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

    # Plain writes, not Rich: the lines are made already, and importing Rich would cost more
    # than the rest of the command.
    terminal = sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"
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
            text("scope", row),
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
    out = sys.stdout
    out.write(f"\x1b[1m{lines[0]}\x1b[0m\n" if terminal else f"{lines[0]}\n")
    for line in lines[1:]:
        out.write(f"{line}\n")
    derived = sum(1 for r in rows if r["status"] == "derived")
    if derived:
        out.write(f"{word('show.derived_note', lang, n=derived)}\n")


def _sqlite(data: str | None, target: str) -> int:

    from .model.safe import printable
    from .model.sqlite_export import metadata_path, write_metadata, write_sqlite

    if not target:
        raise UsageError("the SQLite file name is empty")
    catalog = _catalog(data)
    path = Path(target)
    meta = metadata_path(path)
    if os.path.lexists(meta):  # both files are new, or neither is written
        raise UsageError(f"{printable(str(meta))}: exists; an export never replaces a file")
    try:
        write_sqlite(catalog, path)
    except FileExistsError:
        raise UsageError(f"{target}: exists; an export never replaces a file") from None
    except OSError as exc:
        raise IOFailure(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        write_metadata(catalog, path)
    except OSError as exc:
        raise IOFailure(
            f"{printable(str(meta))}: cannot write Datasette's metadata: {exc.strerror or exc}"
        ) from None
    counts = catalog.counts()
    print(
        f"{printable(target)}: {counts['figures']} figures, {counts['indicators']} indicators, "
        f"{counts['sources']} sources; Datasette's metadata in {printable(str(meta))} "
        f"(datasette {printable(target)} -m {printable(str(meta))})",
        file=sys.stderr,
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    return _sqlite(args.data, args.sqlite)


def _tab_count() -> int | None:
    """How many tabs the explorer shows for the bundled dataset (None if it does not load)."""
    from .model.errors import DatasetError
    from .model.tabs import tab_ids

    try:
        return len(tab_ids(_catalog(None)))
    except DatasetError:
        return None


def _config() -> int:
    from .config import ConfigError, config_path, resolve, settings_text

    try:
        settings = resolve(config_path(os.environ), os.environ)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    sys.stdout.write(settings_text(settings, _tab_count()))
    return 0


def _completion(args: argparse.Namespace) -> int:
    from .completion import script

    sectors = _sector_ids()
    sys.stdout.write(script(_parser(sectors=sectors), args.shell, sectors))
    return 0


def _sector_ids() -> list[str]:
    """The bundled dataset's sector ids, for completion (none if it does not load)."""
    from .model.errors import DatasetError

    try:
        return _catalog(None).sector_ids()
    except DatasetError:
        return []


def _show(args: argparse.Namespace) -> int:
    from .model import output
    from .model.caveats import scope_mark, value_mark

    if args.format == "sqlite":
        if args.output is None:
            raise UsageError("show: --format sqlite writes a file: give it with --output FILE")
        return _sqlite(args.data, args.output)
    if args.output is not None:
        raise UsageError("show: --output is for --format sqlite; other formats go to stdout")
    lang = cast("Lang", args.lang or _default_lang())
    catalog = _catalog(args.data)
    sector = _pick_sector(catalog, args.sector)
    rows = []
    for fig in catalog.figures_of_sector(sector):
        row = catalog.row(fig, lang)
        # The marks of the explorer: after a value resting only on weak sources, after a
        # scope that counts several places together.
        row["display"] = catalog.display_value(fig, lang) + value_mark(fig, catalog.sources)
        ind = catalog.indicators[fig.indicator]
        row["scope"] = row["region"] + scope_mark(catalog.regions[ind.region])
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
    from .config import ConfigError, config_path, resolve
    from .display import in_browser

    try:
        settings = resolve(
            config_path(os.environ),
            os.environ,
            lang=args.lang,
            low_bandwidth=args.low_bandwidth,
            mouse=args.mouse,
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    lang = settings.lang
    # In a browser (textual-serve) the screen goes over pipes, and is no terminal's business.
    dumb = not in_browser(os.environ) and (
        os.environ.get("TERM", "") == "dumb" or not sys.stdout.isatty()
    )
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
    # No collecting of cycles while the screen is built: the start makes few, and looking for
    # them among its many new objects took a tenth of the time to the first screen. The app
    # collects again once that screen is out.
    gc.disable()
    try:
        return _explore(args, settings)
    finally:
        gc.enable()


def _explore(args: argparse.Namespace, settings: Settings) -> int:
    """The explorer, on this terminal, with ``settings``; its exit status."""
    from .app import BijieApp
    from .display import decide

    lang = settings.lang
    # Python sets LC_CTYPE=C.UTF-8 by itself under a C/POSIX locale (and turns on UTF-8 mode).
    coerced = bool(sys.flags.utf8_mode) and os.environ.get("LC_CTYPE") == "C.UTF-8"
    # The environment's BIJIE_TUI_LOW_BANDWIDTH is in settings already (over the file's).
    env = {k: v for k, v in os.environ.items() if k != "BIJIE_TUI_LOW_BANDWIDTH"}
    display = decide(
        env,
        low_bandwidth=settings.low_bandwidth,
        ascii=args.ascii,
        mouse=settings.mouse,
        coerced_locale=coerced,
        escape_delay_ms=settings.escape_delay,
    )
    # A theme from TEXTUAL_THEME is Textual's to apply; one from the file is ours.
    theme = settings.theme if settings.origins.get("theme") == "file" else None
    # The dataset, bundled or the user's, is read before the screen changes: a bad file gets
    # its one error line on a normal terminal, and the first screen, held until it shows the
    # data, comes no later for it.
    given = _catalog(args.data)
    app = BijieApp(
        given,
        lang=lang,
        display=display,
        theme=theme,
        keymap=settings.keys,
        config_file=settings.path,
    )
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
    if args.command is not None:
        gc.enable()  # paused for the start (see __main__); the explorer's start keeps it so
    if args.command == "validate":
        return _validate(args)
    if args.command == "show":
        return _show(args)
    if args.command == "schema":
        return _schema()
    if args.command == "export":
        return _export(args)
    if args.command == "config":
        return _config()
    if args.command == "completion":
        return _completion(args)
    if args.command == "help":
        parser = _parser()
        if args.topic is None:
            parser.print_help()
        else:
            actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
            actions[0].choices[args.topic].print_help()
        return 0
    if args.command == "serve":
        from .serve import ServeError, serve

        try:
            return serve(args)
        except ServeError as error:
            raise UsageError(str(error)) from None
    from .display import in_browser

    # The explorer reads its keys from standard input when it takes over a terminal (see
    # _tui: not under TERM=dumb, nor when output is not a terminal; in a browser, its keys
    # come over a pipe).
    on_terminal = (
        not in_browser(os.environ) and os.environ.get("TERM", "") != "dumb" and sys.stdout.isatty()
    )
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

    def error(message: str, status: int = 2) -> int:
        # The message may quote the dataset: never let it act on the terminal.
        print(f"{PROG}: error: {printable(message)}", file=sys.stderr)
        return status

    if sys.stdout is None:  # started with standard output closed (``>&-``)
        return error("cannot write the output: standard output is closed", IOFailure.status)
    try:
        status = _command(_parse(argv))
        # Flushed here, not at exit, so that a write error gets its one line too.
        sys.stdout.flush()
        return status
    except DatasetError as exc:
        return error(str(exc), IOFailure.status if exc.io else UsageError.status)
    except UsageError as exc:
        return error(str(exc), exc.status)
    except BrokenPipeError:
        # The reader went away (``bijie-tui show | head``): not an error.
        _quiet_stdout()
        return 0
    except OSError as exc:
        _quiet_stdout()
        if exc.filename is not None:  # not the output: a file the command used
            return error(f"{exc.strerror or exc}: {exc.filename}", IOFailure.status)
        return error(f"cannot write the output: {exc.strerror or exc}", IOFailure.status)
    except KeyboardInterrupt:
        return 130
