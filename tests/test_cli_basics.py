"""Every command answers --help; the tool reports its version."""

from __future__ import annotations

from click.testing import CliRunner

import oncograph
from oncograph.cli import cli


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert oncograph.__version__ in result.output


def test_help_on_every_command() -> None:
    runner = CliRunner()
    assert "build" in runner.invoke(cli, ["--help"]).output
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output
