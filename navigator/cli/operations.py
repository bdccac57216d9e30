"""Commands for running the service: users, demo-traffic, purge, safety-report, backup,
restore."""

from __future__ import annotations

import json
from pathlib import Path

import click

from navigator.cli.base import cli, connect_database, demo_mode, parse_now


@cli.group()
def users() -> None:
    """Directory accounts: org editors, staff and admins.

    Example: navigator users create --email a@example.org --role org_editor --organisation ORG
    """


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["org_editor", "staff", "admin",
                                                          "clinical_reviewer"]))  # fmt: skip
@click.option("--organisation", default=None, help="organisation id (org_editor only)")
@click.pass_obj
def users_create(settings: dict, email: str, role: str, organisation: str | None) -> None:
    """Create an account and print a one-time link (72 hours) that sets its password.

    Example: navigator users create --email staff@example.org --role staff
    """
    from navigator.runtime import now_london
    from navigator.service.users import invite_user

    conn = connect_database(settings)
    try:
        user, link = invite_user(conn, email=email, role=role, organisation_id=organisation,
                                 now=now_london(), public_url=settings["NAVIGATOR_PUBLIC_URL"])  # fmt: skip
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        conn.close()
    click.echo(f"created {user.role} {user.email}; send them this one-time link: {link}")


@cli.command("demo-traffic")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 366))
@click.option("--per-day", default=40, show_default=True, type=click.IntRange(0, 5000))
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option("--start", "start_text", default=None, help="ISO date (default: DAYS days ago)")
@click.pass_obj
def demo_traffic(settings: dict, days: int, per_day: int, seed: int, start_text: str | None):
    """Fill the database with a month of synthetic conversations through the real engine
    (repeatable: fixed seed and start), so the staff pages have something to show.

    Example: navigator demo-traffic --days 30 --per-day 40 --seed 2026
    """
    import datetime as dt

    from navigator import demo_traffic as demo
    from navigator.runtime import build_navigator, now_london

    start = parse_now(start_text) if start_text else now_london() - dt.timedelta(days=days)
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    conn = connect_database(settings)
    try:
        nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"], demo_mode=demo_mode(settings))
        report = demo.generate(
            conn, nav, settings, start=start, days=days, per_day=per_day, seed=seed
        )
    finally:
        conn.close()
    click.echo(json.dumps(report.__dict__))


@cli.command()
@click.option("--older-than", "days", required=True, type=click.FloatRange(min=0), help="days")
@click.pass_obj
def purge(settings: dict, days: float) -> None:
    """Enforce retention now: delete conversations, finished nudges and outbox texts older
    than DAYS (anonymised usage events are kept; message ids stay NAVIGATOR_MESSAGE_ID_DAYS
    against replays). The scheduler does this daily by NAVIGATOR_RETENTION_DAYS.

    Example: navigator purge --older-than 30
    """
    from navigator.runtime import now_london
    from navigator.service.purge import purge_older_than

    conn = connect_database(settings)
    try:
        keep_ids = settings["NAVIGATOR_MESSAGE_ID_DAYS"]
        removed = purge_older_than(conn, now_london(), days, message_id_days=keep_ids)
    finally:
        conn.close()
    click.echo(json.dumps(removed))


@cli.command("safety-report")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--no-database", is_flag=True, help="review status from content/reviews.yaml only")
@click.pass_obj
def safety_report(settings: dict, fmt: str, output: Path | None, no_database: bool) -> None:
    """The safety case report, its evidence generated from the hazard log, the content's
    review status and evaluation/README.md. Example: navigator safety-report > case.md
    """
    from navigator.runtime import now_london
    from navigator.service import clinical

    conn = None if no_database else connect_database(settings)
    try:
        text = clinical.safety_report(conn, now_london().date())
    finally:
        if conn is not None:
            conn.close()
    text = clinical.report_html(text) if fmt == "html" else text
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(settings: dict, path: Path) -> None:
    """Back up the live database to PATH (SQLite's online backup API: consistent while the
    service runs), check it with integrity_check, and only then put it in place (0600).

    Example: navigator backup /var/backups/navigator/navigator-2026-11-24.sqlite3
    """
    from navigator.service.purge import BackupError
    from navigator.service.purge import backup as take_backup

    try:
        report = take_backup(settings["NAVIGATOR_DATABASE"], path)
    except (BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report))


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace everything in the configured database?")
@click.pass_obj
def restore(settings: dict, path: Path) -> None:
    """Replace the configured database with the backup at PATH (checked first), then bring
    its schema up to date. Stop the scheduler first; the web keeps answering (static replies
    while it runs).

    Example: navigator restore --yes /var/backups/navigator/navigator-2026-11-24.sqlite3
    """
    from navigator.service.purge import BackupError
    from navigator.service.purge import restore as restore_backup

    try:
        report = restore_backup(path, settings["NAVIGATOR_DATABASE"])
    except (BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    connect_database(settings).close()  # migrations a newer release added since the backup
    click.echo(json.dumps(report))
