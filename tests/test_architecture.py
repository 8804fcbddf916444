"""The layering the project is built on: dependencies point one way (checked on the source)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_imported_by(source: str) -> set[str]:
    """Every module a source file imports, at any depth (imports inside functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def imported_modules(package: str) -> dict[str, set[str]]:
    """What each file of `package` imports."""
    return {
        str(path.relative_to(ROOT)): modules_imported_by(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / package).rglob("*.py"))
    }


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "bot",
            (
                "slack_bolt",
                "slack_sdk",
                "discord",
                "microsoft_teams",
                "apscheduler",
                "adapters",
                "scheduler",
            ),
        ),
        ("scheduler", ("slack_bolt", "slack_sdk", "discord", "microsoft_teams", "adapters")),
        ("adapters/console", ("slack_bolt", "slack_sdk", "discord", "microsoft_teams")),
        ("adapters/slack", ("discord", "microsoft_teams")),
        ("adapters/discord", ("slack_bolt", "slack_sdk", "microsoft_teams")),
        ("adapters/teams", ("slack_bolt", "slack_sdk", "discord")),
        ("question_bank", ("slack_bolt", "slack_sdk", "discord", "adapters", "scheduler")),
    ],
)
def test_layers_do_not_import_upwards(package: str, forbidden: tuple[str, ...]) -> None:
    offenders = {
        file: sorted(m for m in modules if m.split(".")[0] in forbidden)
        for file, modules in imported_modules(package).items()
    }
    offenders = {file: mods for file, mods in offenders.items() if mods}
    assert offenders == {}
    assert imported_modules(package), f"no source found for {package}"


def test_the_check_sees_lazy_imports() -> None:
    source = "def f():\n    import discord\n    from adapters.cli import app\n    from . import x\n"
    assert modules_imported_by(source) == {"discord", "adapters.cli"}


def test_the_check_catches_a_planted_offender(tmp_path: Path) -> None:
    """The walk over a package finds an import buried in a function of a nested module."""
    planted = tmp_path / "pkg" / "sub"
    planted.mkdir(parents=True)
    (planted / "m.py").write_text("def f():\n    from bot.storage.models import Member\n")
    found = {
        str(p.relative_to(tmp_path)): modules_imported_by(p.read_text(encoding="utf-8"))
        for p in tmp_path.rglob("*.py")
    }
    assert found == {"pkg/sub/m.py": {"bot.storage.models"}}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("scheduler", ("bot.storage",)),
        ("adapters", ("bot.storage",)),
        ("adapters/slack", ("adapters.discord", "adapters.teams", "adapters.console")),
        ("adapters/discord", ("adapters.slack", "adapters.teams", "adapters.console")),
        ("adapters/teams", ("adapters.slack", "adapters.discord", "adapters.console")),
        ("adapters/console", ("adapters.slack", "adapters.discord", "adapters.teams")),
        ("question_bank", ("bot", "adapters", "scheduler")),
    ],
)
def test_no_reach_into_the_core_s_storage(package: str, forbidden: tuple[str, ...]) -> None:
    """Only the core opens database sessions; the bank imports nothing of the others."""
    offenders = {
        file: sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))
        for file, modules in imported_modules(package).items()
    }
    assert {file: mods for file, mods in offenders.items() if mods} == {}
