"""Commands for the database and the directory: init, import, export, navigate, train."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from navigator.cli.base import cli, connect_database, demo_mode, parse_now
from navigator.core.conversation.navigate import NavigateRequest


@cli.command()
@click.pass_obj
def init(settings: dict) -> None:
    """Create or upgrade the database and load the embedded default directory.

    Example: navigator init
    """
    from navigator.runtime import initialise

    initialise(settings)
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
    conn = connect_database(settings)
    try:
        if importer is None:
            reports = importers.import_all(
                conn, path, now=now_london(), include_demo=demo_mode(settings)
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
    from navigator.exporters.oruk import write_oruk_json

    conn = connect_database(settings)
    try:
        count = write_oruk_json(
            conn, path, include_demo=settings["NAVIGATOR_DEMO_MODE"]
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

    conn = connect_database(settings)
    nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"], demo_mode=demo_mode(settings))
    now = parse_now(now_text) if now_text else now_london()
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
