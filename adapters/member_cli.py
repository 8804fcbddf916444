"""`ciip-tutor member export|delete`: a member's data, for requests that come by other routes
(an email to the administrator, a member who left the workspace). Only whoever runs the bot on
the server can use it; it goes through the core's `MyData` service like `/ciip me`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from adapters.startup import StartupError

if TYPE_CHECKING:
    from bot.core import Core

T = TypeVar("T")

__all__ = ["member_app"]

member_app = typer.Typer(
    help="A member's own data: export it as JSON or delete it (admins, on the server).",
    no_args_is_help=True,
)

Workspace = Annotated[
    str, typer.Option(help="PLATFORM:ID, e.g. slack:T0123ABCD, discord:1234, console:local.")
]
MemberId = Annotated[str, typer.Option(help="The member's platform id, e.g. U0456ABCD.")]


def _split(workspace: str) -> tuple[str, str]:
    platform, sep, external = workspace.partition(":")
    if not sep or not platform or not external:
        typer.echo("error: --workspace is PLATFORM:ID, e.g. slack:T0123ABCD", err=True)
        raise typer.Exit(2)
    return platform, external


def _on_core(call: Callable[[Core], T]) -> T:
    """Open the services, run `call` on the core, close them; a refusal is one line, exit 1."""
    from adapters.cli import _services as build
    from bot.errors import TutorError

    services = build()
    try:
        return call(services.core)
    except TutorError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        services.close()


@member_app.command("export")
def member_export(
    workspace: Workspace,
    member: MemberId,
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Everything stored about one member, as JSON."""
    platform, external = _split(workspace)
    data = _on_core(lambda core: core.my_data.export(platform, external, member))
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        try:
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise StartupError(f"cannot write {out}: {exc.strerror or exc}") from None
        typer.echo(f"wrote {out}")


@member_app.command("delete")
def member_delete(
    workspace: Workspace,
    member: MemberId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every row tied to one member (channel tallies stay, anonymously)."""
    platform, external = _split(workspace)
    if not yes and not typer.confirm(f"Delete everything about {member} in {workspace}?"):
        raise typer.Exit(1)
    report = _on_core(lambda core: core.my_data.delete(platform, external, member))
    rows = ", ".join(f"{name} {n}" for name, n in sorted(report.rows.items()) if n)
    typer.echo(f"deleted {report.total} rows ({rows})")
