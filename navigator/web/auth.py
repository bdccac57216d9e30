"""Accounts on the web: login, logout, invitations, and the protections every page gets.

- Passwords: argon2id (19 MiB, 2 iterations, parallelism 1: the OWASP minimum), never
  stored, logged or echoed in clear. Invitation tokens: random, one-time, expiring, stored
  only as a SHA-256 digest (a 256-bit random token needs no slow hash).
- Throttling: failed passwords are counted in the database per account and per client
  address, so the 11th wrong password in a minute is refused in every web process.
  Flask-Limiter adds a coarse per-address limit on POSTs to these routes; its storage is
  NAVIGATOR_RATELIMIT_STORAGE (memory:// counts per process: development only).
- CSRF (Flask-WTF) on every POST except the JSON API and the Twilio webhook, which are
  authenticated otherwise (no cookies; Twilio signature). Security headers, including a
  content security policy, on every response.
- Access policies: a blueprint's declared policy (web/access.py) is enforced here for every
  request, so a new staff or login blueprint is protected by declaring it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from urllib.parse import urlsplit

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from navigator.runtime import now_london
from navigator.store import users as user_store
from navigator.web import access
from navigator.web.state import get_db

log = logging.getLogger(__name__)

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_ITERATIONS = 2
ARGON2_PARALLELISM = 1
HASHER = PasswordHasher(
    time_cost=ARGON2_ITERATIONS,
    memory_cost=ARGON2_MEMORY_KIB,
    parallelism=ARGON2_PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)
LOGIN_FAILURES_ALLOWED = 10  # per account and per address in LOGIN_WINDOW; the 11th is refused
LOGIN_WINDOW = dt.timedelta(seconds=60)
INVITATION_VALID_HOURS = 72
MIN_PASSWORD_CHARS = 12
CSRF_EXEMPT_BLUEPRINTS = frozenset({"api", "sms"})  # JSON API; Twilio-signed webhook
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}
HSTS_SECONDS = 365 * 24 * 3600

bp = access.blueprint("auth", __name__, policy=access.PUBLIC)


# --- secrets ----------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: list[str] = []


def _spend_a_verify(password: str) -> None:
    """Unknown email: cost the same as a real check, so timing does not reveal accounts."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_urlsafe(16)))
    verify_password(_DUMMY_HASH[0], password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_invitation_link(conn, user_id: int, now: dt.datetime, public_url: str) -> str:
    """A one-time link that lets the user set a password; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=INVITATION_VALID_HOURS)
    user_store.create_invitation(conn, user_id, token_digest(token), expires_at=expires, now=now)
    return f"{public_url.rstrip('/')}/invite/{token}"


def clock() -> dt.datetime:
    """Now, or the test's fixed time (app.config['NAVIGATOR_CLOCK'] is a callable)."""
    return current_app.config.get("NAVIGATOR_CLOCK", now_london)()


# --- Flask-Login ------------------------------------------------------------------------------


class SessionUser(UserMixin):
    def __init__(self, user: user_store.User):
        self.user = user
        self.id = str(user.id)

    @property
    def is_active(self) -> bool:
        return self.user.active

    def __getattr__(self, name):  # email, role, organisation_id, is_staff
        return getattr(self.user, name)


def _load_user(user_id: str):
    if not user_id.isdigit():
        return None
    user = user_store.get_user(get_db(), int(user_id))
    return SessionUser(user) if user and user.active else None


# --- routes -----------------------------------------------------------------------------------


def safe_redirect_target(target: str | None) -> str:
    """Only a path on this site: an open redirect would make a convincing phishing link."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("admin.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("admin/login.html", next=request.args.get("next", ""))
    conn = get_db()
    email = user_store.normalise_email(request.form.get("email", ""))
    password = request.form.get("password", "")
    keys = [f"account:{email}", f"address:{request.remote_addr}"]
    now = clock()
    if any(
        user_store.recent_login_failures(conn, key, now, LOGIN_WINDOW) >= LOGIN_FAILURES_ALLOWED
        for key in keys
    ):
        log.warning("login throttled: too many failed passwords for an account or address")
        message = "Too many attempts. Wait a minute, then try again."
        return render_template("admin/login.html", error=message, next=""), 429
    user = user_store.get_user_by_email(conn, email) if email else None
    stored = user_store.password_hash_of(conn, user.id) if user else None
    if user is None:
        _spend_a_verify(password)
    if user is None or not user.active or not verify_password(stored, password):
        user_store.record_login_failure(conn, keys, now)
        message = "That email and password do not match an account."
        return render_template("admin/login.html", error=message, next=""), 401
    if HASHER.check_needs_rehash(stored):
        user_store.set_password_hash(conn, user.id, hash_password(password))
    user_store.clear_login_failures(conn, keys[0])
    user_store.record_login(conn, user.id, now)
    session.clear()  # a fresh session on login: no fixation
    login_user(SessionUser(user))
    if user.is_clinical_reviewer and not request.form.get("next"):
        return redirect(url_for("clinical.queue"))  # they have no directory entries
    return redirect(safe_redirect_target(request.form.get("next")))


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token: str):
    conn = get_db()
    digest = token_digest(token)
    user = user_store.invitation_user(conn, digest, clock())
    if user is None:
        abort(404, description="This invitation link has expired or has been used already.")
    if request.method == "GET":
        return render_template("admin/invitation.html", user=user)
    password = request.form.get("password", "")
    error = None
    if len(password) < MIN_PASSWORD_CHARS:
        error = f"Choose a password of at least {MIN_PASSWORD_CHARS} characters."
    elif password != request.form.get("confirm", ""):
        error = "The two passwords are different."
    if error:
        return render_template("admin/invitation.html", user=user, error=error), 400
    user = user_store.use_invitation(conn, digest, hash_password(password), clock())
    if user is None:
        abort(404, description="This invitation link has expired or has been used already.")
    session.clear()
    login_user(SessionUser(user))
    return redirect(url_for("admin.dashboard"))


# --- wiring -----------------------------------------------------------------------------------


def _enforce_access_policy() -> None:
    bp_obj = current_app.blueprints.get(request.blueprint or "")
    policy = getattr(bp_obj, "access_policy", access.PUBLIC)
    if policy not in (access.LOGIN, access.ORGANISATION_MEMBER, access.STAFF, access.CLINICAL):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if policy == access.CLINICAL and not (current_user.is_staff or current_user.is_clinical_reviewer):
        abort(403)
    if policy == access.STAFF and not current_user.is_staff:
        abort(403)
    if policy == access.ORGANISATION_MEMBER and not (
        current_user.is_staff or current_user.organisation_id
    ):
        abort(403)
    return None


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("NAVIGATOR_ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    if request.blueprint in ("auth", "admin", "review", "clinical", "monitoring"):
        response.headers["Cache-Control"] = "no-store"  # account pages stay out of caches
    return response


def init_app(app: Flask) -> None:
    """Flask-Login, CSRF, the login rate limit, policy enforcement, headers, auth routes."""
    production = app.config.get("NAVIGATOR_ENV") == "production"
    app.config.update(
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=production,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_CHECK_DEFAULT=False,
        RATELIMIT_STORAGE_URI=app.config.get("NAVIGATOR_RATELIMIT_STORAGE", "memory://"),
    )
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "Log in to see that page."
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    csrf = CSRFProtect(app)

    @app.before_request
    def _csrf_then_policy():
        # By blueprint name, so blueprints registered later (sms) are exempt too.
        unsafe = request.method in ("POST", "PUT", "PATCH", "DELETE")
        enabled = app.config.get("WTF_CSRF_ENABLED", True)
        if unsafe and enabled and request.blueprint not in CSRF_EXEMPT_BLUEPRINTS:
            csrf.protect()
        return _enforce_access_policy()

    app.after_request(_security_headers)
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    limit = app.config.get("NAVIGATOR_LOGIN_RATE_LIMIT", "60 per minute")
    limiter.limit(limit, methods=["POST"])(bp)
    app.register_blueprint(bp)
    app.extensions["navigator_limiter"] = limiter
