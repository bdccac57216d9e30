"""Errors: a styled page in plain English with a way home, or JSON for the API; never a
stack trace. If the template itself fails, a bare page that still says 999 and 111."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

EMERGENCY_LINE = "If this is an emergency call 999. For urgent advice call 111."
PLAIN = {
    400: (
        "Sorry, we could not read that",
        "Something in the request was not right. Go back and try again.",
    ),
    403: (
        "Sorry, you cannot see this page",
        "You may need to sign in, or this page belongs to another organisation.",
    ),
    404: (
        "Page not found",
        "We have no page at this address. Check it, or start from the home page.",
    ),
    405: ("Sorry, that did not work", "This page cannot be used that way."),
    413: ("That message is too large", "Please send something shorter."),
    429: ("Too many tries", "Please wait a few minutes and try again."),
    500: ("Sorry, something went wrong", "It is our fault, not yours. Please try again later."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def _page(code: int, detail: str | None = None):
    heading, message = PLAIN.get(code, (f"Sorry, that did not work ({code})", detail or ""))
    if code == 404 and detail and not detail.startswith("The requested URL"):
        message = f"{detail} {message}"
    try:
        home = request.script_root + "/"
        return render_template(
            "error.html", code=code, heading=heading, message=message, home=home
        ), code
    except Exception:  # the error page must never fail itself
        log.exception("error page not rendered")
        return f"<h1>{heading}</h1><p>{EMERGENCY_LINE}</p><p><a href='/'>Home</a></p>", code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = exc.description or exc.name
        if exc.code == 413:
            message = "That message is too large."
        if _wants_json():
            return jsonify(error=message), exc.code
        return _page(exc.code or 500, exc.description)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return jsonify(error="Something went wrong on our side. " + EMERGENCY_LINE), 500
        return _page(500)
