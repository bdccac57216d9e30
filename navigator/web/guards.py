"""What every request passes through before a view: the real client address, rate limits,
hostile JSON, and caching rules for pages that show resident or staff data.

- Client address: X-Forwarded-For/-Proto are believed only when NAVIGATOR_TRUSTED_PROXIES
  says how many proxies set them (ProxyFix takes that many hops from the right); otherwise
  the socket's address, whatever headers a client sends.
- Rate limits (Flask-Limiter): per client address on the public API and web chat POSTs; the
  SMS webhook limits per phone pseudonym itself (web/sms.py), with STOP/START never limited.
  A limiter whose storage fails is skipped, not fatal: residents still get answers.
- JSON: nesting deeper than MAX_JSON_DEPTH is refused before parsing (400, never a 500),
  and every decoded string is cleaned of lone surrogates and control characters.
- Cache-Control: no-store on everything except public content pages, probes and static
  files: chat transcripts, API answers, admin and staff pages and their CSV exports.
"""

from __future__ import annotations

import json

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from navigator.core.untrusted import MAX_JSON_DEPTH, clean_json, json_depth
from navigator.service import ratelimits  # noqa: F401 - registers the navigator+sqlite storage

CACHEABLE_BLUEPRINTS = frozenset({"pages", "health"})
LIMITER = "navigator_limiter"


class CleanJSONProvider(DefaultJSONProvider):
    """Request JSON: depth-checked before parsing, strings cleaned after."""

    def loads(self, s, **kwargs):
        raw = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else bytes(s)
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        try:
            return clean_json(json.loads(s, **kwargs))
        except RecursionError as exc:  # belt and braces: never a 500 for deep input
            raise ValueError("JSON nested too deeply") from exc


def _no_store(response):
    if request.blueprint not in CACHEABLE_BLUEPRINTS and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> Limiter:
    proxies = app.config["NAVIGATOR_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.json = CleanJSONProvider(app)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config["RATELIMIT_STORAGE_URI"] = app.config["NAVIGATOR_RATELIMIT_STORAGE"]
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    app.extensions[LIMITER] = limiter
    app.after_request(_no_store)
    return limiter


def limit_public(app: Flask, *blueprints) -> None:
    limiter = app.extensions[LIMITER]
    limit = app.config["NAVIGATOR_PUBLIC_RATE_LIMIT"]
    for bp in blueprints:
        limiter.limit(limit, methods=["POST"])(bp)


def allow(app: Flask, setting: str, key: str) -> bool:
    """One hit against `setting`'s limits for `key`; False when any is exhausted. A storage
    failure allows the request (a resident is never refused because a counter is down)."""
    limiter = app.extensions[LIMITER]
    try:
        items = app.config[setting].items  # parsed once, by navigator/settings.py
        return all(limiter.limiter.hit(item, setting, key) for item in items)
    except Exception:  # noqa: BLE001 - the limiter is an aid, not a gate residents depend on
        return True
