"""The `navigator` command. `navigator --help` lists commands; each has an example.

Examples:
    navigator init
    navigator import all ../shared/data
    echo '{"id": "1", "text": "sore throat, im in Gorton"}' | navigator navigate --jsonl
    navigator navigate "toothache M22"
    navigator chat
    navigator sms "sore throat"
    navigator serve --port 5000
    navigator demo-traffic --days 30
    navigator purge --older-than 30
    navigator backup /var/backups/navigator/navigator-$(date +%F).sqlite3
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from navigator.config import is_enabled, load_settings
from navigator.core.conversation.navigate import NavigateRequest


def _connect(settings: dict):
    from navigator.db import connect
    from navigator.runtime import prepare_database

    conn = connect(settings["NAVIGATOR_DATABASE"])
    prepare_database(conn, demo_mode=_demo(settings))
    return conn


def _demo(settings: dict) -> bool:
    return is_enabled(settings.get("NAVIGATOR_DEMO_MODE"))


@click.group(help=__doc__)
@click.pass_context
def cli(ctx: click.Context) -> None:
    ctx.obj = load_settings()


@cli.command()
@click.pass_obj
def init(settings: dict) -> None:
    """Create or upgrade the database and load the embedded default directory.

    Example: navigator init
    """
    _connect(settings).close()
    click.echo(f"database ready: {settings['NAVIGATOR_DATABASE']}")


@cli.command("import")
@click.argument("kind")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def import_(settings: dict, kind: str, path: Path) -> None:
    """Import data: KIND is `all` (a ../shared/data style folder) or one importer name with
    one file: wards, postcodes, pharmacies, pharmacy_coordinates, gp_practices, dentists,
    food_banks, libraries, jobcentres, parks, oruk ("-" works for "_"). A bad file stops
    with the line at fault and writes nothing; what is already stored stays.

    Example: navigator import all ../shared/data
             navigator import pharmacies ../shared/data/manchester_pharmacies.csv
             navigator import gp_practices ../shared/data/manchester_gp_practices_2025-05.csv
             navigator import oruk other_directory_services.json
    """
    from navigator import importers
    from navigator.runtime import now_london

    importer = None
    if kind != "all":
        importer = importers.importer_named(kind)
        if importer is None:
            names = ", ".join(sorted(importers.IMPORTERS_BY_NAME))
            raise click.UsageError(f"unknown import kind {kind!r}; use all or one of: {names}")
        if path.is_dir():
            raise click.UsageError(f"{kind} imports one file, not a folder: {path}")
    elif not path.is_dir():
        raise click.UsageError(f"all imports a folder of files, not one file: {path}")
    conn = _connect(settings)
    try:
        if importer is None:
            reports = importers.import_all(
                conn, path, now=now_london(), include_demo=_demo(settings)
            )
        else:
            reports = [importer(conn, path, now=now_london())]
    except (ValueError, UnicodeDecodeError, KeyError) as exc:
        raise click.ClickException(f"import failed, nothing written for that file: {exc}") from exc
    finally:
        conn.close()
    for report in reports:
        click.echo(report.summary() if hasattr(report, "summary") else str(report))


@cli.command("export")
@click.argument("kind", type=click.Choice(["oruk"]))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def export(settings: dict, kind: str, path: Path) -> None:
    """Export the directory: KIND is `oruk` (Open Referral UK 3.0 JSON: a list of fully
    nested services; demo entries only when NAVIGATOR_DEMO_MODE is on).

    Example: navigator export oruk directory.json
    """
    from navigator.config import is_enabled
    from navigator.exporters.oruk import write_oruk_json

    conn = _connect(settings)
    try:
        count = write_oruk_json(
            conn, path, include_demo=is_enabled(settings["NAVIGATOR_DEMO_MODE"])
        )
    finally:
        conn.close()
    click.echo(f"wrote {count} services to {path}")


@cli.command()
@click.option("--jsonl", is_flag=True, help="read JSON lines on stdin, write JSON lines")
@click.option("--now", "now_text", default=None, help="ISO time to search at (default: now)")
@click.argument("text", required=False)
@click.pass_obj
def navigate(settings: dict, jsonl: bool, now_text: str | None, text: str | None) -> None:
    """Route messages. No conversation state: each message is a first message.

    Example: echo '{"id": "a", "text": "earache", "age": 4}' | navigator navigate --jsonl
             navigator navigate "sore throat, im in Gorton"
    """
    from navigator.runtime import build_navigator, now_london

    conn = _connect(settings)
    nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"], demo_mode=_demo(settings))
    now = _parse_now(now_text) if now_text else now_london()
    if not jsonl:
        result = nav.navigate(NavigateRequest(text=text or ""), now)
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    for line_number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        click.echo(json.dumps(_navigate_line(nav, line, line_number, now), ensure_ascii=False))


def _navigate_line(nav, line: str, line_number: int, now) -> dict:
    data = None
    try:
        data = json.loads(line)
        request = NavigateRequest.from_json(data)
    except (ValueError, TypeError) as exc:
        case_id = data.get("id") if isinstance(data, dict) else None
        return {"id": case_id, "error": f"line {line_number}: {exc}"}
    return {"id": data.get("id"), **nav.navigate(request, now).to_json()}


def _parse_now(text: str):
    import datetime as dt

    from navigator.runtime import LONDON

    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO date-time: {text}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


@cli.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None)
def train(corpus_dir: Path | None, out_dir: Path | None) -> None:
    """Train the learned second opinion from corpus/ into models/ (seeded: the same corpus
    gives the same artifact).

    Example: navigator train
    """
    from navigator.learning.train import train as run_training
    from navigator.paths import CORPUS_DIR, MODELS_DIR

    run_training(corpus_dir or CORPUS_DIR, out_dir or MODELS_DIR, log=click.echo)


@cli.command()
@click.pass_obj
def chat(settings: dict) -> None:
    """Talk to the navigator in the terminal (one message at a time; Ctrl-D to leave).

    Example: navigator chat
    """
    from navigator.runtime import build_navigator, now_london

    conn = _connect(settings)
    nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"], demo_mode=_demo(settings))
    click.echo("Type what is worrying you (Ctrl-D to leave). In an emergency call 999.")
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        result = nav.navigate(NavigateRequest(text=text), now_london())
        click.echo(result.reply)
        click.echo(f"  [{result.disposition.value} - {result.triage.rule}]")


@cli.command()
@click.argument("text")
@click.option("--phone", default="+447700900123", show_default=True, help="the sender")
@click.option("--url", default=None, help="where to post (default: NAVIGATOR_PUBLIC_URL)")
@click.pass_obj
def sms(settings: dict, text: str, phone: str, url: str | None) -> None:
    """Send a signed test SMS to a running navigator (`make run`) and print its reply.

    Example: TWILIO_AUTH_TOKEN=dev-token navigator sms "sore throat"
    """
    from navigator.channels import trysms

    token = settings.get("TWILIO_AUTH_TOKEN")
    if not token:
        raise click.ClickException("set TWILIO_AUTH_TOKEN here and for the server (any value)")
    try:
        texts = trysms.send(text, token=token, public_base=settings["NAVIGATOR_PUBLIC_URL"],
                            post_base=url, phone=phone)  # fmt: skip
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    for reply in texts:
        click.echo(reply + "\n")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-scheduler", is_flag=True, help="do not run the nudge scheduler in-process")
@click.pass_obj
def serve(settings: dict, host: str, port: int, no_scheduler: bool) -> None:
    """Run the service in one process on the embedded default (SQLite, outbox SMS), with
    the nudge scheduler inside it (use --no-scheduler when `navigator scheduler` runs).

    Example: navigator serve --port 5000
    """
    from navigator import create_app

    _connect(settings).close()
    app = create_app()
    from navigator.service.clinical import approved_only_refusal

    if refusal := approved_only_refusal(settings, _connect):
        raise click.ClickException(refusal)
    if not no_scheduler:
        from navigator.scheduler import start_background

        start_background(settings)
    click.echo(
        f"Navigator on http://{host}:{port}/chat  (database {settings['NAVIGATOR_DATABASE']})"
    )
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@cli.command()
@click.pass_obj
def scheduler(settings: dict) -> None:
    """Run the one nudge scheduler alone (not with `navigator serve`'s embedded one).

    Example: navigator scheduler
    """
    from navigator.scheduler import run_blocking

    _connect(settings).close()
    click.echo(f"nudge scheduler on {settings['NAVIGATOR_DATABASE']} (Ctrl-C to stop)")
    run_blocking(settings)


@cli.group()
def nudges() -> None:
    """Follow-up nudges for operators: list what is due, send it now.

    Example: navigator nudges due
             navigator nudges send-due --now 2026-11-26T10:30
    """


@nudges.command("due")
@click.option("--now", "now_text", default=None, help="ISO time (default: now)")
@click.pass_obj
def nudges_due(settings: dict, now_text: str | None) -> None:
    """List nudges due to be sent (no phone numbers). Example: navigator nudges due"""
    from navigator.runtime import now_london
    from navigator.store import nudges as nudge_store

    conn = _connect(settings)
    rows = nudge_store.due(conn, _parse_now(now_text) if now_text else now_london())
    conn.close()
    for row in rows:
        click.echo(json.dumps(row))
    click.echo(f"{len(rows)} due", err=True)


@nudges.command("send-due")
@click.option("--now", "now_text", required=True, help="ISO time to sweep at")
@click.pass_obj
def nudges_send_due(settings: dict, now_text: str) -> None:
    """Send every nudge due at --now (inside the daytime window) through the configured
    backend. Example: navigator nudges send-due --now 2026-11-26T10:30
    """
    from navigator.scheduler import sweep_once

    _connect(settings).close()
    moment = _parse_now(now_text)
    report = sweep_once(settings, lambda: moment)
    click.echo(json.dumps(report.__dict__))


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
    from navigator.store.users import create_user
    from navigator.web.auth import create_invitation_link

    conn = _connect(settings)
    try:
        user = create_user(conn, email=email, role=role, organisation_id=organisation,
                           now=now_london())  # fmt: skip
        link = create_invitation_link(conn, user.id, now_london(), settings["NAVIGATOR_PUBLIC_URL"])
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

    start = _parse_now(start_text) if start_text else now_london() - dt.timedelta(days=days)
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    conn = _connect(settings)
    try:
        nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"], demo_mode=_demo(settings))
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
    from navigator.db import transaction
    from navigator.runtime import now_london
    from navigator.store.retention import purge_older_than

    conn = _connect(settings)
    try:
        with transaction(conn, immediate=True):
            keep_ids = float(settings.get("NAVIGATOR_MESSAGE_ID_DAYS") or 30)
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

    conn = None if no_database else _connect(settings)
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
    from navigator.store.backup import BackupError
    from navigator.store.backup import backup as take_backup

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
    from navigator.store.backup import BackupError
    from navigator.store.backup import restore as restore_backup

    try:
        report = restore_backup(path, settings["NAVIGATOR_DATABASE"])
    except (BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    _connect(settings).close()  # migrations a newer release added since the backup
    click.echo(json.dumps(report))


def main() -> None:
    cli(prog_name="navigator")


if __name__ == "__main__":
    main()
