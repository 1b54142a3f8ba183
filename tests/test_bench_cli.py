"""mpdemos.bench.cli: ``mpdemos bench``, its options, bad arguments, progress."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from mpdemos.__main__ import main
from mpdemos.bench import cli


def test_command_writes_json_and_plots(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "--sections", "state", "--methods", "fork", "--repeats", "1",
                 "--out", str(tmp_path), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Manager dict proxy" in out and "ceiling" in out
    assert json.loads((tmp_path / "bench.json").read_text())["meta"]["repeats"] == 1
    assert (tmp_path / "bench-state.png").is_file()


def test_command_without_plots_shows_progress(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--sections", "state", "--methods", "fork", "--repeats", "1",
                 "--out", str(tmp_path), "--no-plots"]) == 0
    captured = capsys.readouterr()
    assert "state/fork: repeat 1/1" in captured.err
    assert [p.name for p in tmp_path.iterdir()] == ["bench.json"]


@pytest.mark.parametrize("args, message", [
    (["--methods", "fork,threads"], "'threads' is not a start method"),
    (["--sections", "speed"], "'speed' is not a section"),
    (["--sections", ","], "no section given"),
    (["--repeats", "0"], "repeats must be >= 1"),
    (["--quick", "--full"], "not allowed with argument"),
    (["--repeats", "many"], "invalid int value"),
])
def test_command_bad_arguments(args: list[str], message: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bench", *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_command_without_a_parser_says_what_is_wrong(
        capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--sections", "speed"])
    assert cli.command(args) == 2
    assert "mpdemos bench: 'speed' is not a section" in capsys.readouterr().err


def test_progress_line_writes_lines_or_updates_one() -> None:
    plain = io.StringIO()
    progress = cli.ProgressLine(plain)
    progress("start/fork: warming up")
    progress("start/fork: repeat 1/3")
    progress.done()
    lines = plain.getvalue().splitlines()
    assert [line.split("] ", 1)[1] for line in lines] == [
        "start/fork: warming up", "start/fork: repeat 1/3"]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = cli.ProgressLine(terminal)
    progress("ipc/fork: 1 KiB")
    progress.done()
    assert "\n" not in terminal.getvalue()
    assert terminal.getvalue().endswith("ipc/fork: 1 KiB\r\033[K")
