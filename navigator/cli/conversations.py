"""Commands for conversations: chat, sms, serve, scheduler and nudges."""

from __future__ import annotations

import json

import click

from navigator.cli.base import cli, connect_database, demo_mode, parse_now
from navigator.core.conversation.navigate import NavigateRequest


@cli.command()
@click.pass_obj
def chat(settings: dict) -> None:
    """Talk to the navigator in the terminal (one message at a time; Ctrl-D to leave).

    Example: navigator chat
    """
    from navigator.runtime import build_navigator, now_london

    conn = connect_database(settings)
    nav = build_navigator(conn, settings["NAVIGATOR_PUBLIC_URL"], demo_mode=demo_mode(settings))
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

    token = settings["TWILIO_AUTH_TOKEN"]
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
    from navigator.runtime import initialise

    initialise(settings)
    app = create_app(settings)
    from navigator.service.clinical import approved_only_refusal

    if refusal := approved_only_refusal(settings, connect_database):
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

    connect_database(settings).close()
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
    from navigator.service.nudges import due

    conn = connect_database(settings)
    rows = due(conn, parse_now(now_text) if now_text else now_london())
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

    connect_database(settings).close()
    moment = parse_now(now_text)
    report = sweep_once(settings, lambda: moment)
    click.echo(json.dumps(report.__dict__))
