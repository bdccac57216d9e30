"""The `navigator` command. `navigator --help` lists commands; each has an example.

Examples:
    navigator init
    navigator import all ../shared/data
    echo '{"id": "1", "text": "sore throat, im in Gorton"}' | navigator navigate --jsonl
    navigator navigate "toothache M22"
    navigator chat
    navigator serve --port 5000
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from navigator.config import load_settings
from navigator.core.navigate import NavigateRequest


def _connect(settings: dict):
    from navigator.db import connect
    from navigator.runtime import prepare_database

    conn = connect(settings["NAVIGATOR_DATABASE"])
    prepare_database(conn)
    return conn


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
    """Import data: KIND is `all` (a ../shared/data style folder) or one importer name.

    Example: navigator import all ../shared/data
             navigator import pharmacies ../shared/data/manchester_pharmacies.csv
    """
    from navigator import importers
    from navigator.runtime import now_london

    conn = _connect(settings)
    try:
        if kind == "all":
            reports = importers.import_all(conn, path, now=now_london())
        elif kind in importers.IMPORTERS:
            reports = [importers.IMPORTERS[kind](conn, path, now=now_london())]
        else:
            names = ", ".join(sorted(importers.IMPORTERS))
            raise click.UsageError(f"unknown importer {kind!r}; use all or one of: {names}")
    except ValueError as exc:
        raise click.ClickException(f"import failed, nothing written for that file: {exc}") from exc
    finally:
        conn.close()
    for report in reports:
        click.echo(report.summary() if hasattr(report, "summary") else str(report))


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
    nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"])
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
@click.pass_obj
def chat(settings: dict) -> None:
    """Talk to the navigator in the terminal (one message at a time; Ctrl-D to leave).

    Example: navigator chat
    """
    from navigator.runtime import build_navigator, now_london

    conn = _connect(settings)
    nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"])
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
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_obj
def serve(settings: dict, host: str, port: int) -> None:
    """Run the service in one process on the embedded default (SQLite, outbox SMS).

    Example: navigator serve --port 5000
    """
    from navigator import create_app

    _connect(settings).close()
    app = create_app()
    click.echo(f"Navigator on http://{host}:{port}/chat  (database {settings['NAVIGATOR_DATABASE']})")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


def main() -> None:
    cli(prog_name="navigator")


if __name__ == "__main__":
    main()
