"""The config file: reading it, what overrides it, keys moved by it, and saving the theme."""

from __future__ import annotations

import inspect
import os
import re
import tomllib
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.theme import BUILTIN_THEMES

import bijie_tui.app
import bijie_tui.screens.detail_screen
import bijie_tui.screens.explorer_screen
import bijie_tui.screens.help_screen
import bijie_tui.widgets.browse_view
import bijie_tui.widgets.detail
import bijie_tui.widgets.filter_bar
import bijie_tui.widgets.record_table
from bijie_tui.app import BijieApp
from bijie_tui.cli import run
from bijie_tui.config import (
    DEFAULT_KEYS,
    THEMES,
    ConfigError,
    NotWritten,
    config_path,
    read,
    resolve,
    save_theme,
    settings_text,
    with_theme,
)
from bijie_tui.display import decide
from bijie_tui.model.query import Catalog
from bijie_tui.screens.help_screen import HelpScreen, help_text
from bijie_tui.textual_private import input_wait
from pilot_helpers import idle, palette_options

MODULES = (
    bijie_tui.app,
    bijie_tui.screens.detail_screen,
    bijie_tui.screens.explorer_screen,
    bijie_tui.screens.help_screen,
    bijie_tui.widgets.browse_view,
    bijie_tui.widgets.detail,
    bijie_tui.widgets.filter_bar,
    bijie_tui.widgets.record_table,
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- every binding has an id, and the table of ids is true -----------------------------------


def test_every_binding_has_an_id_listed_with_its_keys() -> None:
    seen: set[str] = set()
    for module in MODULES:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding), (cls, binding)
                assert binding.id, f"{cls.__name__}: {binding.key} has no id"
                assert DEFAULT_KEYS.get(binding.id) == binding.key, (cls.__name__, binding.id)
                seen.add(binding.id)
    assert seen == set(DEFAULT_KEYS)


def test_the_themes_a_config_may_name_are_the_palettes() -> None:
    assert set(THEMES) == set(BUILTIN_THEMES)


# -- reading the file ------------------------------------------------------------------------


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    settings = resolve(tmp_path / "none.toml", {})
    assert not settings.found
    assert (settings.lang, settings.theme, settings.low_bandwidth, settings.mouse) == (
        "en",
        "textual-dark",
        False,
        None,
    )
    assert settings.keys == {}


def test_the_file_sets_language_theme_bandwidth_mouse_and_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'lang = "zh"\ntheme = "nord"\nlow_bandwidth = true\nmouse = false\n\n'
        '[keys]\nquit = "ctrl+q"\ntab1 = "f1,alt+1"\nhelp = "?"\n',
    )
    settings = resolve(path, {})
    assert settings.found
    assert (settings.lang, settings.theme, settings.low_bandwidth, settings.mouse) == (
        "zh",
        "nord",
        True,
        False,
    )
    assert settings.keys == {"quit": "ctrl+q", "tab1": "f1,alt+1", "help": "?"}
    assert settings.origins["lang"] == "file"
    assert settings.origins["keys.quit"] == "file"
    assert settings.origins["keys.lang"] == "default"


def test_flags_and_environment_override_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, 'lang = "zh"\ntheme = "nord"\nlow_bandwidth = true\nmouse = true\n')
    env = {"BIJIE_TUI_LANG": "en", "TEXTUAL_THEME": "dracula", "BIJIE_TUI_LOW_BANDWIDTH": "0"}
    settings = resolve(path, env)
    assert (settings.lang, settings.theme, settings.low_bandwidth) == ("en", "dracula", False)
    assert settings.origins["lang"] == "env BIJIE_TUI_LANG"
    flagged = resolve(path, env, lang="zh", low_bandwidth=True, mouse=False)
    assert (flagged.lang, flagged.low_bandwidth, flagged.mouse) == ("zh", True, False)
    assert flagged.origins["mouse"] == "--mouse"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('colour = "red"\n', "colour: unknown setting"),
        ('lang = "fr"\n', "lang: must be"),
        ('theme = "neon"\n', "theme: unknown theme 'neon'"),
        ('low_bandwidth = "yes"\n', "low_bandwidth: must be true or false"),
        ("mouse = 1\n", "mouse: must be"),
        ('keys = "q"\n', "keys: must be a table"),
        ('[keys]\nquitt = "q"\n', "keys.quitt: unknown binding id"),
        ('[keys]\nquit = ""\n', "keys.quit: must be keys"),
        ('[keys]\nquit = "ctrl q"\n', "keys.quit: 'ctrl q' is not a key"),
        ("[keys]\nquit = 7\n", "keys.quit: must be keys"),
        ('lang = "zh\n', "not valid TOML"),
        ("escape_delay = 0\n", "escape_delay: must be a whole number of milliseconds from 1"),
        ('escape_delay = "25"\n', "escape_delay: must be a whole number"),
        ("escape_delay = 2.5\n", "escape_delay: must be a whole number"),
        ("escape_delay = 1001\n", "escape_delay: must be a whole number"),
    ],
)
def test_a_bad_file_names_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert key in str(caught.value)


def test_the_escape_delay_comes_from_the_file_then_escdelay(tmp_path: Path) -> None:
    """A lone ESC waits this long for the rest of a sequence: 10 ms unless the file or
    curses' ESCDELAY (milliseconds, as curses reads it) says otherwise."""
    assert resolve(tmp_path / "none.toml", {}).escape_delay == 10
    path = _write(tmp_path, "escape_delay = 60\n")
    assert resolve(path, {}).escape_delay == 60
    from_env = resolve(path, {"ESCDELAY": "10"})
    assert (from_env.escape_delay, from_env.origins["escape_delay"]) == (10, "env ESCDELAY")
    # A value curses would not take is ignored, as curses ignores it.
    assert resolve(path, {"ESCDELAY": "soon"}).escape_delay == 60
    assert "escape_delay = 60" in settings_text(resolve(path, {}))
    display = decide({}, escape_delay_ms=resolve(path, {}).escape_delay)
    assert display.escape_delay == 0.06


def test_the_input_loop_waits_no_longer_than_the_escape_delay() -> None:
    """With a lone ESC pending, the loop wakes when its delay runs out (not at its next turn
    up to 0.1 s later), so ``escape`` acts once the delay is over."""
    assert input_wait(None, 5.0) == 0.1
    assert input_wait(5.025, 5.0) == pytest.approx(0.025)
    assert input_wait(4.9, 5.0) == 0.0
    assert input_wait(9.0, 5.0) == 0.1


def test_a_file_that_is_not_utf8_or_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'lang = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        read(path)
    with pytest.raises(ConfigError, match="is a directory"):
        read(tmp_path)


def test_the_file_is_at_the_platform_location_unless_named() -> None:
    assert config_path({"BIJIE_TUI_CONFIG": "/x/y.toml"}) == Path("/x/y.toml")
    default = config_path({})
    assert default.name == "config.toml" and default.parent.name == "bijie-tui"


# -- bijie-tui config ------------------------------------------------------------------------


def test_config_command_prints_the_path_and_the_settings_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, 'theme = "nord"\n[keys]\nquit = "ctrl+q"\n')
    monkeypatch.setenv("BIJIE_TUI_CONFIG", str(path))
    monkeypatch.setenv("BIJIE_TUI_LANG", "zh")
    assert run(["config"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# config file: {path}\n")
    assert 'lang = "zh"' in out and "# env BIJIE_TUI_LANG" in out
    assert 'theme = "nord"' in out
    assert 'quit = "ctrl+q"' in out and 'lang = "l"' in out

    printed = tomllib.loads(out)  # what it prints can go into the file as it is
    assert printed["keys"]["quit"] == "ctrl+q"
    assert read(_write(tmp_path, out))[0].theme == "nord"


def test_config_command_with_a_missing_file_prints_the_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["config"]) == 0
    out = capsys.readouterr().out
    assert "(not found: the defaults)" in out and 'theme = "textual-dark"' in out


@pytest.mark.parametrize("command", [["config"], []])
def test_a_bad_file_is_one_error_line_and_status_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    path = _write(tmp_path, '[keys]\nquit = "ctrl q"\n')
    monkeypatch.setenv("BIJIE_TUI_CONFIG", str(path))
    assert run(command) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"bijie-tui: error: {path}: keys.quit: ")


# -- keys moved in the explorer --------------------------------------------------------------


async def test_moved_keys_work_and_the_old_ones_do_not(catalog: Catalog) -> None:
    app = BijieApp(catalog, keymap={"lang": "f2", "tab2": "f3", "help": "f1"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        assert app.lang == "en"
        await pilot.press("f2")
        assert app.lang == "zh"
        await pilot.press("f3")
        assert app.explorer.query_one("#tabs").active == "employment"  # type: ignore[attr-defined]
        assert "f2" in app.screen.active_bindings
        assert "l" not in app.screen.active_bindings
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


def test_the_help_shows_the_keys_in_force() -> None:
    default = help_text("en", 6).plain
    assert "  l   " in default and "1-6" in default
    moved = help_text("en", 6, {"lang": "f2", "tab1": "f1", "help": "f12,question_mark"}).plain
    lines = {re.split(r"\s{2,}", line)[-1]: line for line in moved.splitlines()}
    assert lines["switch between English and Chinese everywhere"].strip().startswith("f2")
    assert lines["this list of keys"].strip().startswith("f12 ?")
    assert lines["go to tab 1, 2 … 6"].strip().startswith("f1 2 3 4 5 6")
    assert "  l   " not in moved


async def test_the_palette_key_can_move(catalog: Catalog) -> None:
    app = BijieApp(catalog, keymap={"palette": "f5"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        assert not CommandPalette.is_open(app)
        await pilot.press("f5")
        assert CommandPalette.is_open(app)


async def test_the_file_theme_is_applied_except_in_low_bandwidth(catalog: Catalog) -> None:
    from bijie_tui.display import Display

    app = BijieApp(catalog, theme="nord")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "nord"
    low = BijieApp(catalog, theme="nord", display=Display(low_bandwidth=True))
    async with low.run_test(size=(80, 24)):
        assert low.theme == "ansi-dark"


# -- saving the theme ------------------------------------------------------------------------


def test_with_theme_rewrites_only_the_theme_line() -> None:
    text = '# mine\nlang = "zh"\ntheme = "nord"  # blue\n\n[keys]\nquit = "ctrl+q"\n'
    assert with_theme(text, "dracula") == text.replace('"nord"  # blue', '"dracula"  # blue')
    no_theme = '# mine\nlang = "zh"\n\n[keys]\nquit = "ctrl+q"\n'
    added = with_theme(no_theme, "dracula")
    assert added == '# mine\nlang = "zh"\n\ntheme = "dracula"\n[keys]\nquit = "ctrl+q"\n'
    assert with_theme('lang = "zh"', "nord") == 'lang = "zh"\ntheme = "nord"\n'
    assert with_theme("", "nord") == 'theme = "nord"\n'
    # A "theme" key inside [keys] is not the theme (and is not a binding id either).
    assert with_theme('[x]\ntheme = "a"\n', "nord") == 'theme = "nord"\n[x]\ntheme = "a"\n'


def test_save_theme_keeps_every_other_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '# mine\nlang = "zh"\n\n[keys]\nquit = "ctrl+q"\n')
    save_theme(path, "gruvbox", {})
    text = path.read_text(encoding="utf-8")
    assert text == '# mine\nlang = "zh"\n\ntheme = "gruvbox"\n[keys]\nquit = "ctrl+q"\n'
    settings = resolve(path, {})
    assert (settings.theme, settings.lang, settings.keys) == ("gruvbox", "zh", {"quit": "ctrl+q"})
    save_theme(path, "nord", {})
    assert path.read_text(encoding="utf-8") == text.replace("gruvbox", "nord")


def test_save_theme_makes_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "config.toml"
    save_theme(path, "nord", {})
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


def test_save_theme_never_writes_a_served_session_or_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(NotWritten, match="served"):
        save_theme(path, "nord", {"BIJIE_TUI_SERVED": "1"})
    assert not path.exists()
    bad = _write(tmp_path, 'lang = "fr"\n')
    with pytest.raises(NotWritten, match="lang"):
        save_theme(bad, "nord", {})
    assert bad.read_text(encoding="utf-8") == 'lang = "fr"\n'
    assert sorted(os.listdir(tmp_path)) == ["config.toml"]  # no temporary file left


async def _run_save_theme(app: BijieApp) -> list[str]:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.theme = "dracula"
        await pilot.press("ctrl+p", *"Save theme")
        await palette_options(pilot)
        await pilot.press("enter")
        await idle(pilot)
        return [str(n.message) for n in app._notifications]


@pytest.mark.slow
async def test_the_palette_saves_the_theme_to_the_config(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, 'lang = "zh"\n')
    messages = await _run_save_theme(BijieApp(catalog, config_file=path))
    assert path.read_text(encoding="utf-8") == 'lang = "zh"\ntheme = "dracula"\n'
    assert any("dracula" in m and str(path) in m for m in messages), messages


@pytest.mark.slow
async def test_a_served_session_saves_nothing(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIJIE_TUI_SERVED", "1")
    path = tmp_path / "config.toml"
    messages = await _run_save_theme(BijieApp(catalog, config_file=path))
    assert not path.exists()
    assert any("not saved" in m for m in messages), messages


def test_config_command_lists_the_keys_of_the_tabs_there_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bijie_tui.model.loader import load
    from bijie_tui.model.query import Catalog
    from bijie_tui.model.tabs import tab_ids

    tabs = len(tab_ids(Catalog(load())))
    assert tabs == 7
    assert run(["config"]) == 0
    keys = tomllib.loads(capsys.readouterr().out)["keys"]
    assert [k for k in keys if k.startswith("tab")] == [f"tab{n}" for n in range(1, tabs + 1)]
    # A key the file moves is listed even beyond the tabs there are: it is in force.
    path = _write(tmp_path, '[keys]\ntab9 = "f9"\n')
    monkeypatch.setenv("BIJIE_TUI_CONFIG", str(path))
    assert run(["config"]) == 0
    out = capsys.readouterr().out
    assert "tab8 =" not in out
    assert tomllib.loads(out)["keys"]["tab9"] == "f9"


# -- one key, one action -------------------------------------------------------------------------


def test_every_binding_id_acts_somewhere_and_the_defaults_do_not_clash() -> None:
    from bijie_tui.config import DEFAULT_KEYS, PLACES, key_clash

    assert {i for ids in PLACES.values() for i in ids} == set(DEFAULT_KEYS)
    assert key_clash(DEFAULT_KEYS) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[keys]\nsort = "q"\n', "keys.sort: 'q' is bound to both sort and quit"),
        ('[keys]\nexport = "y"\n', "keys.export: 'y' is bound to both export and copy"),
        ('[keys]\nin_table = "y"\n', "keys.in_table: 'y' is bound to both in_table and copy"),
    ],
)
def test_a_key_bound_to_two_actions_is_one_error_naming_both(
    tmp_path: Path, text: str, line: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        resolve(path, {})
    assert str(caught.value) == f"{path}: {line}: one key, one action (move one of them)"


def test_keys_that_act_in_different_places_may_be_the_same(tmp_path: Path) -> None:
    path = _write(tmp_path, '[keys]\nscroll_down = "x"\nlinks_down = "x"\nsort = "x"\n')
    assert resolve(path, {}).keys["sort"] == "x"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('theme = "nord"   # the dark one\n', 'theme = "dracula"   # the dark one\n'),
        ("  theme='nord'# mine\n", '  theme = "dracula"# mine\n'),
        ('theme = "nord"\n', 'theme = "dracula"\n'),
    ],
)
def test_saving_the_theme_keeps_the_comment_on_its_line(before: str, after: str) -> None:
    assert with_theme(before, "dracula") == after
