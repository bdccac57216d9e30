"""Manchester Self-Care Navigator."""

from __future__ import annotations

from flask import Flask

from navigator.paths import STATIC_DIR, TEMPLATES_DIR
from navigator.settings import load_settings

MAX_REQUEST_BYTES = 16 * 1024  # public routes refuse larger bodies with 413


def create_app(config: dict | None = None) -> Flask:
    """The app: settings, database connection hooks, blueprints (each registered with its
    access policy) and error handlers. Nothing else: no migrations, no data loading (that
    is navigator.runtime.initialise, run by `navigator init` and `serve`), no network."""
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_relative_config=False,
    )
    settings = load_settings(overrides=config)
    app.config.update(settings)
    app.config.update(
        SECRET_KEY=settings["NAVIGATOR_SECRET_KEY"],
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings["NAVIGATOR_ENV"] == "production",
        JSON_SORT_KEYS=False,
    )
    if config:
        app.config.update({k: v for k, v in config.items() if k not in settings})

    import markdown as markdown_lib
    from markupsafe import Markup

    from navigator.web import access, guards
    from navigator.web.linkify import linkify
    from navigator.web.state import init_app as init_state

    if settings["NAVIGATOR_ENV"] == "production":
        app.debug = False  # FLASK_DEBUG is refused by load_settings; this covers app.run()
    guards.init_app(app)  # client address, rate limits, hostile JSON, no-store

    # Content files are ours and reviewed; Markdown renders them, not resident text.
    app.jinja_env.filters["markdown"] = lambda text: Markup(markdown_lib.markdown(text or ""))  # noqa: S704
    app.jinja_env.filters["linkify"] = linkify  # reply text: escaped, phones as tel: links
    init_state(app)

    from navigator.web import (
        admin,
        api,
        auth,
        chat,
        clinical,
        errors,
        health,
        monitoring,
        oruk,
        pages,
        sms,
        staff,
    )

    errors.register(app)
    auth.init_app(app)  # login, CSRF, the login rate limit, security headers
    for blueprint, policy in (
        (health.bp, access.PUBLIC),
        (api.bp, access.PUBLIC),
        (pages.bp, access.PUBLIC),
        (oruk.bp, access.PUBLIC),  # the read-only published directory (open data)
        (auth.bp, access.PUBLIC),
        (admin.bp, access.ORGANISATION_MEMBER),
        (admin.review_bp, access.STAFF),
        (admin.report_bp, access.PUBLIC),
        (sms.bp, access.TWILIO_SIGNATURE),
        (chat.bp, access.PUBLIC),
        (staff.bp, access.STAFF),
        (clinical.bp, access.CLINICAL),
        (monitoring.bp, access.CLINICAL),
        (monitoring.feedback_bp, access.PUBLIC),
    ):
        access.register(app, blueprint, policy)
    guards.limit_public(app, api.bp, chat.bp)
    return app
