"""The layering the project is built on: dependencies point one way (checked on the source)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> dict[str, set[str]]:
    """Every module each file of `package` imports, at any depth (lazy imports included)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


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


def test_the_check_sees_lazy_imports(tmp_path: Path) -> None:
    tree = ast.parse("def f():\n    import discord\n    from adapters.cli import app\n")
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {"discord", "adapters.cli"} <= names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("scheduler", ("bot.storage",)), ("question_bank", ("bot",))],
)
def test_no_reach_into_the_core_s_storage(package: str, forbidden: tuple[str, ...]) -> None:
    """The scheduler opens no database session; the bank imports nothing of the core."""
    offenders = {
        file: sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))
        for file, modules in imported_modules(package).items()
    }
    assert {file: mods for file, mods in offenders.items() if mods} == {}
