"""[settings] opener and player: how a command line is built and run (no shell, ever)."""

from __future__ import annotations

import sys

import pytest

from reader.config import ConfigError, parse_config
from reader.ui.launch import LaunchError, command_argv, run


def test_the_url_replaces_percent_u_or_comes_last():
    assert command_argv("mpv --fs %u", "https://e.org/a.mp3") == ["mpv", "--fs", "https://e.org/a.mp3"]
    assert command_argv("firefox", "https://e.org/") == ["firefox", "https://e.org/"]
    assert command_argv("'/opt/my browser/run' --url=%u", "https://e.org/") == [
        "/opt/my browser/run", "--url=https://e.org/"]


def test_a_url_is_one_argument_and_never_shell():
    url = "https://e.org/a?b=1&c=$(rm -rf ~);echo `x` | cat"
    assert command_argv("w3m %u", url) == ["w3m", url]


def test_bad_commands_are_named():
    with pytest.raises(LaunchError, match=r"\[settings\] player = .*No closing quotation"):
        command_argv("mpv 'unclosed", "https://e.org/", "player")
    with pytest.raises(LaunchError, match=r"\[settings\] opener is empty"):
        command_argv("   ", "https://e.org/")


def test_run_reports_a_missing_program_and_a_failing_one(tmp_path):
    assert run([str(tmp_path / "nope"), "x"], detached=True) == f"[settings] opener: no program '{tmp_path / 'nope'}'"
    assert run([sys.executable, "-c", "raise SystemExit(3)"], setting="player", detached=True) == (
        f"[settings] player: {sys.executable} exited with status 3")
    assert run([sys.executable, "-c", "pass"], detached=True) == ""


def test_config_reads_opener_and_player(tmp_path):
    path = tmp_path / "config.toml"
    config = parse_config('[settings]\nopener = "w3m %u"\nplayer = "mpv %u"\n', path)
    assert config.settings.opener == "w3m %u" and config.settings.player == "mpv %u"
    assert parse_config("", path).settings.opener == "" and parse_config("", path).settings.player == ""
    # A wrong type is named with the file and line: as an error, or (where the config reports its
    # problems and carries on) in config.problems, the default kept.
    try:
        config = parse_config('[settings]\nplayer = ["mpv"]\n', path)
    except ConfigError as exc:
        message = str(exc)
    else:
        assert config.settings.player == ""
        message = " ".join(getattr(config, "problems", ()))
    assert "config.toml:2: 'settings.player' has the wrong type" in message


@pytest.mark.parametrize("url", ["--script=/tmp/evil.lua", "-o/tmp/x", "file:///etc/passwd", "javascript:alert(1)",
                                 "/home/me/.ssh/id_rsa", ""])
def test_only_web_addresses_are_handed_over(url):
    with pytest.raises(LaunchError, match="not a web address"):
        command_argv("mpv %u", url, "player")
