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

import click

from navigator.settings import load_settings


def connect_database(settings: dict):
    from navigator.db import connect
    from navigator.runtime import prepare_database

    conn = connect(settings["NAVIGATOR_DATABASE"])
    prepare_database(conn, demo_mode=demo_mode(settings))
    return conn


def demo_mode(settings: dict) -> bool:
    return settings["NAVIGATOR_DEMO_MODE"]


@click.group(help=__doc__)
@click.pass_context
def cli(ctx: click.Context) -> None:
    ctx.obj = load_settings()


def parse_now(text: str):
    import datetime as dt

    from navigator.runtime import LONDON

    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO date-time: {text}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
