"""Manchester Self-Care Navigator."""

from __future__ import annotations

from flask import Flask

from navigator.paths import STATIC_DIR, TEMPLATES_DIR
from navigator.settings import load_settings

MAX_REQUEST_BYTES = 16 * 1024  # public routes refuse larger bodies with 413


def create_app(config: dict | None = None) -> Flask:
    """Load config, wire the database, register blueprints, CLI and error handlers."""
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

    from navigator.web import api, errors, guards, health, pages

    if settings["NAVIGATOR_ENV"] == "production":
        app.debug = False  # FLASK_DEBUG is refused by load_settings; this covers app.run()
    guards.init_app(app)  # client address, rate limits, hostile JSON, no-store

    # Content files are ours and reviewed; Markdown renders them, not resident text.
    app.jinja_env.filters["markdown"] = lambda text: Markup(markdown_lib.markdown(text or ""))  # noqa: S704
    from navigator.web.linkify import linkify

    app.jinja_env.filters["linkify"] = linkify  # reply text: escaped, phones as tel: links
    from navigator.web.state import init_app as init_state

    init_state(app)
    errors.register(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    from navigator.web import oruk

    app.register_blueprint(oruk.bp)
    from navigator.web import admin, auth

    auth.init_app(app)  # login, CSRF, throttling, access policies, security headers
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin.review_bp)
    app.register_blueprint(admin.report_bp)
    from navigator.web import chat, sms

    app.register_blueprint(sms.bp)
    app.register_blueprint(chat.bp)
    from navigator.web import staff

    app.register_blueprint(staff.bp)
    from navigator.web import clinical, monitoring

    app.register_blueprint(clinical.bp)
    app.register_blueprint(monitoring.bp)
    app.register_blueprint(monitoring.feedback_bp)
    guards.limit_public(app, api.bp, chat.bp)
    return app
