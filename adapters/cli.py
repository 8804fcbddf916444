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

from adapters.member_cli import member_app
from bot.settings import CoreSettings

app = typer.Typer(
    help="ciip-tutor: a CIIP exam tutor for Slack, Discord and the console.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
bank_app = typer.Typer(
    help="The question bank: lint, stats, item statistics, reports, import and export.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(bank_app, name="bank")
app.add_typer(member_app, name="member")


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


teams_app = typer.Typer(
    help="Run the Microsoft Teams bot, or build its app package.", invoke_without_command=True
)
app.add_typer(teams_app, name="teams")


@teams_app.callback()
def teams(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="HTTP port for /api/messages and /healthz.")] = 3978,
    host: Annotated[
        str | None, typer.Option(help="Bind address (default TEAMS_HOST or 127.0.0.1).")
    ] = None,
    verbose: bool = False,
) -> None:
    """Run the Teams bot (POST /api/messages, GET /healthz)."""
    if ctx.invoked_subcommand is not None:
        return
    _logging(verbose)
    from adapters.teams.runner import run_teams

    raise typer.Exit(run_teams(host=host, port=port))


@teams_app.command("manifest")
def teams_manifest(
    out: Annotated[Path, typer.Option(help="The app package to write.")] = Path(
        "ciip-tutor-teams.zip"
    ),
) -> None:
    """Build the Teams app package (manifest.json and two icons) from TEAMS_* settings."""
    from adapters.teams.manifest import write_package

    raise typer.Exit(write_package(out))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done automatically at every start)."""
    from bot.core import upgrade_database

    typer.echo(f"database at head: {upgrade_database(CoreSettings().database_url)}")


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


@bank_app.command("item-stats")
def bank_item_stats(
    workspace: Annotated[
        str, typer.Option(help="Only this workspace's answers (PLATFORM:ID); default all.")
    ] = "",
    min_answers: Annotated[
        int, typer.Option(min=1, help="Judge only questions with at least this many answers.")
    ] = 20,
    all_versions: Annotated[
        bool,
        typer.Option("--all-versions", help="Count answers to earlier versions of edited items."),
    ] = False,
) -> None:
    """Proportion correct, discrimination and distractor use per question, from real answers."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.answer_export import answer_records
    from question_bank.item_stats import ItemStatsRules, compute_item_stats, format_item_stats
    from question_bank.loader import load_bank

    try:
        records = answer_records(CoreSettings().database_url, workspace or None)
    except SQLAlchemyError as exc:
        typer.echo(
            f"error: cannot read answers ({exc.__class__.__name__}); is the database "
            "migrated (`ciip-tutor db upgrade`)?",
            err=True,
        )
        raise typer.Exit(2) from None
    bank = {q.id: q for q in load_bank().questions}
    if not all_versions:  # an edited question starts its statistics afresh
        records = [
            r
            for r in records
            if r.question_id not in bank or r.question_hash in (None, bank[r.question_id].hash)
        ]
    rules = ItemStatsRules(min_answers=min_answers)
    stats = compute_item_stats(records, {qid: q.key for qid, q in bank.items()}, rules)
    for line in format_item_stats(stats, rules):
        typer.echo(line)


def _workspace(value: str) -> tuple[str, str]:
    platform, sep, external = value.partition(":")
    if not sep or not platform or not external:
        typer.echo(
            "error: --workspace is PLATFORM:ID, e.g. slack:T0123ABCD or discord:1234", err=True
        )
        raise typer.Exit(2)
    return platform, external


@bank_app.command("import")
def bank_import(
    file: Annotated[Path, typer.Argument(help="A .csv or .yaml file of questions.")],
    workspace: Annotated[
        str, typer.Option(help="Whose questions: slack:TEAM_ID, discord:GUILD_ID, console:local.")
    ] = "console:local",
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the good rows, skip the bad ones.")
    ] = False,
) -> None:
    """Import a team's own questions into one workspace; any bad row imports nothing."""
    from question_bank.importer import parse_file

    platform, external = _workspace(workspace)
    services = _services()
    tutor = services.tutor
    try:
        report = parse_file(file, tutor.question_ids_outside(platform, external))
        for warning in report.warnings:
            typer.echo(f"warning: {warning}")
        for error in report.errors:
            typer.echo(f"error: {error}", err=True)
        if report.errors and not skip_invalid:
            typer.echo(
                f"nothing imported: {len(report.bad_rows) or 1} bad row(s) in {file.name}. "
                "Fix them, or use --skip-invalid to import only the good rows.",
                err=True,
            )
            raise typer.Exit(1)
        if not report.good:
            typer.echo("nothing imported: no valid rows.", err=True)
            raise typer.Exit(1)
        result = tutor.import_questions(platform, external, report.good)
        skipped = f"; skipped {', '.join(report.bad_rows)}" if report.errors else ""
        typer.echo(
            f"imported into {workspace}: {result.added} new, {result.changed} updated, "
            f"{result.unchanged} unchanged{skipped}"
        )
    finally:
        services.close()


@bank_app.command("reports")
def bank_reports(
    workspace: Annotated[
        str, typer.Option(help="Only this workspace (PLATFORM:ID); default every workspace.")
    ] = "",
) -> None:
    """Questions members reported, grouped by workspace and question, and retired ones."""
    from bot.render_reports import queue_lines

    where = _workspace(workspace) if workspace else (None, None)
    services = _services()
    try:
        reports = services.core.reports
        for line in queue_lines(reports.queues(*where), reports.threshold):
            typer.echo(line)
    finally:
        services.close()


@bank_app.command("export")
def bank_export(
    out: Annotated[Path, typer.Option(help="Output file (.csv, or .apkg with --missed).")],
    workspace: Annotated[
        str, typer.Option(help="Include this workspace's own questions (PLATFORM:ID).")
    ] = "",
    missed: Annotated[
        bool, typer.Option("--missed", help="An Anki deck of a member's missed questions.")
    ] = False,
    member: Annotated[str, typer.Option(help="With --missed: PLATFORM:WORKSPACE_ID:USER_ID.")] = "",
) -> None:
    """Write the bank as CSV (the import format), or a member's missed questions as Anki."""
    from bot.identity import Actor
    from question_bank.exporter import write_anki, write_csv

    services = _services()
    tutor = services.tutor
    try:
        if missed:
            parts = member.split(":")
            if len(parts) != 3 or not all(parts):
                typer.echo("error: --member is PLATFORM:WORKSPACE_ID:USER_ID", err=True)
                raise typer.Exit(2)
            questions = tutor.missed_questions(Actor(parts[0], parts[1], parts[2]))
            count = write_anki(questions, out, f"ciip-tutor missed questions ({parts[2]})")
        else:
            owner = tutor.workspace_id(*_workspace(workspace)) if workspace else None
            questions = [
                q
                for qid, q in sorted(tutor.bank.by_id.items())
                if tutor.bank.owner[qid] is None or tutor.bank.owner[qid] == owner
            ]
            count = write_csv(questions, out)
        typer.echo(f"wrote {count} questions to {out}")
    finally:
        services.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
