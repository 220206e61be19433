"""Docs are tested: every `kg` command has help and is described in README.md,
and every module says what it is."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import kg
from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COMMANDS = sorted(typer.main.get_command(app).commands)


def test_there_are_commands():
    assert {"build", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: kg {name}" in result.output
    command = typer.main.get_command(app).commands[name]
    assert (command.help or "").strip(), f"`kg {name}` has no description"
    undocumented = [p.name for p in command.params if not (getattr(p, "help", None) or "").strip()]
    assert not undocumented, f"`kg {name}` options without help: {undocumented}"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name):
    assert README.is_file(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"\bkg {re.escape(name)}\b", text), f"README.md never mentions `kg {name}`"


def test_readme_documents_input_files_and_exit_codes():
    text = README.read_text(encoding="utf-8")
    assert "## Input files and errors" in text
    for fact in ("catalog.yaml", "--max-bytes", "--keep-going", "Error: <path>:", "KG_DEBUG"):
        assert fact in text, fact


MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


@pytest.mark.parametrize("name", MODULES)
def test_module_has_a_docstring_and_all(name):
    module = importlib.import_module(name)
    assert (module.__doc__ or "").strip(), f"{name} has no module docstring"
    assert hasattr(module, "__all__"), f"{name} has no __all__"
