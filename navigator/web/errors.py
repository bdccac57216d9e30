"""Errors: a plain page or JSON with a message, never a stack trace for a resident."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

EMERGENCY_LINE = "If this is an emergency call 999. For urgent advice call 111."


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = exc.description or exc.name
        if exc.code == 413:
            message = "That message is too large."
        if _wants_json():
            return jsonify(error=message), exc.code
        return f"<h1>{exc.code} {exc.name}</h1><p>{message}</p><p>{EMERGENCY_LINE}</p>", exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return jsonify(error="Something went wrong on our side. " + EMERGENCY_LINE), 500
        return f"<h1>Sorry, something went wrong</h1><p>{EMERGENCY_LINE}</p>", 500
