"""`ciip-tutor`: the composition root. It builds `Services` and hands them to one adapter.

Adapters and the scheduler are imported lazily inside their commands, so the console starts
without loading Slack or Discord code.
"""

from __future__ import annotations

import getpass
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.settings import CoreSettings

app = typer.Typer(
    help="ciip-tutor: a CIIP exam tutor for Slack, Discord and the console.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
bank_app = typer.Typer(
    help="The question bank: lint, stats, import and export.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(bank_app, name="bank")


def _logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _services(**kwargs):  # type: ignore[no-untyped-def]
    from adapters.services import BankInvalid, build_services

    try:
        return build_services(CoreSettings(), **kwargs)
    except BankInvalid as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def console(
    user: Annotated[str, typer.Option(help="Your name in the local workspace.")] = "",
    timezone: Annotated[str, typer.Option(help="Your IANA timezone, e.g. Europe/Berlin.")] = "",
) -> None:
    """Practise at a prompt (or from piped input) on the configured database."""
    from adapters.console.runner import run_console
    from bot.errors import TutorError

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    services = _services()
    try:
        code = run_console(services, user or getpass.getuser() or "me", timezone or None)
    except TutorError as exc:
        typer.echo(f"error: {exc}", err=True)
        code = 2
    finally:
        services.close()
    raise typer.Exit(code)


@app.command()
def slack(
    http: Annotated[
        bool, typer.Option("--http", help="Serve HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port with --http.")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP bind address with --http.")] = "0.0.0.0",
    verbose: bool = False,
) -> None:
    """Run the Slack app (Socket Mode by default)."""
    _logging(verbose)
    from adapters.slack.runner import run_slack

    raise typer.Exit(run_slack(http=http, host=host, port=port))


@app.command()
def discord(verbose: bool = False) -> None:
    """Run the Discord bot."""
    _logging(verbose)
    from adapters.discord.runner import run_discord

    raise typer.Exit(run_discord())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done automatically at every start)."""
    from bot.storage.database import Database

    database = Database(CoreSettings().database_url)
    database.upgrade()
    typer.echo(f"database at head: {database.engine.url.render_as_string(hide_password=True)}")
    database.dispose()


@bank_app.command("lint")
def bank_lint(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Files to lint (default: the bank).")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="Print errors and the summary only.")] = False,
) -> None:
    """Check schema, ids, near-duplicates, key balance, option-length bias and references."""
    from question_bank.lint import run_lint

    raise typer.Exit(run_lint(files or [], quiet=quiet))


@bank_app.command("stats")
def bank_stats() -> None:
    """Questions per domain, subtopic and difficulty beside the blueprint targets."""
    from question_bank.stats import print_stats

    raise typer.Exit(print_stats())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
