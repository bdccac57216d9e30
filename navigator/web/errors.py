"""Errors: a styled page in plain English with a way home, or JSON for the API; never a
stack trace. If the template itself fails, a bare page that still says 999 and 111."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, NotFound

from navigator.core.conversation import wording

log = logging.getLogger(__name__)

EMERGENCY_LINE = wording.text("web.emergency_line")
# status code -> its key under web.error in content/replies/en.yaml (heading, message)
ERROR_KEYS = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    413: "too_large",
    429: "too_many",
    500: "server",
}
PLAIN = {
    code: (wording.text(f"web.error.{key}.heading"), wording.text(f"web.error.{key}.message"))
    for code, key in ERROR_KEYS.items()
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def _page(code: int, detail: str | None = None):
    heading, message = PLAIN.get(code, (wording.text("web.error.other_heading", code=code), detail or ""))
    if code == 404 and detail and detail != NotFound.description:  # a view's own reason
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
            message = wording.text("web.error.too_large_short")
        if _wants_json():
            return jsonify(error=message), exc.code
        return _page(exc.code or 500, exc.description)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return jsonify(error=wording.text("web.error.server_short") + " " + EMERGENCY_LINE), 500
        return _page(500)
