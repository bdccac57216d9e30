"""Accounts on the web: login, logout, invitations, and the protections every page gets.

- Passwords: argon2id (19 MiB, 2 iterations, parallelism 1: the OWASP minimum), never
  stored, logged or echoed in clear. Invitation tokens: random, one-time, expiring, stored
  only as a SHA-256 digest (a 256-bit random token needs no slow hash).
- Throttling without lock-out: attempts are counted in the database per (account, client
  address) pair, reserved before the password is checked (atomic: concurrent guesses cannot
  slip under the count), with a progressive delay after LOGIN_FREE_ATTEMPTS failures. No
  one can slow down someone else's logins from another address. Flask-Limiter adds a coarse
  per-address limit on POSTs to these routes (storage: NAVIGATOR_RATELIMIT_STORAGE).
- Sessions end: each user has a session_version; logout, a password change and
  deactivation bump it, so every cookie issued before stops working (server-side). A
  staff or editor session also ends after NAVIGATOR_STAFF_IDLE_MINUTES unused and
  NAVIGATOR_STAFF_MAX_HOURS after login. Flask-Login's "strong" protection is off: it
  hashes the client-sent X-Forwarded-For, which proves nothing.
- CSRF (Flask-WTF) on every POST except the JSON API and the Twilio webhook, which are
  authenticated otherwise (no cookies; Twilio signature). Security headers, including a
  content security policy, on every response.
- Access policies are installed when each blueprint is registered (web/access.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from urllib.parse import urlsplit

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from navigator.runtime import now_london
from navigator.service import users as accounts
from navigator.service.users import (  # noqa: F401 - web.auth names them too
    INVITATION_VALID_HOURS,
    create_invitation_link,
    token_digest,
)
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
LOGIN_FREE_ATTEMPTS = 5  # per (account, address) pair before delays begin
LOGIN_MAX_DELAY_SECONDS = 15 * 60
SESSION_VERSION, LOGIN_AT, SEEN_AT = "_sv", "_login_at", "_seen_at"
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

bp = Blueprint("auth", __name__)


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


def clock() -> dt.datetime:
    """Now, or the test's fixed time (app.config['NAVIGATOR_CLOCK'] is a callable)."""
    return current_app.config.get("NAVIGATOR_CLOCK", now_london)()


def session_clock() -> float:
    """Wall-clock seconds for session lifetimes (tests inject NAVIGATOR_SESSION_CLOCK; the
    business clock above may be moved by months and must not end sessions)."""
    return current_app.config.get("NAVIGATOR_SESSION_CLOCK", time.time)()


# --- Flask-Login ------------------------------------------------------------------------------


class SessionUser(UserMixin):
    def __init__(self, user: accounts.User):
        self.user = user
        self.id = str(user.id)

    @property
    def is_active(self) -> bool:
        return self.user.active

    def __getattr__(self, name):  # email, role, organisation_id, is_staff
        return getattr(self.user, name)


def _load_user(user_id: str):
    """The session's user, unless the session was revoked, idle too long or too old."""
    if not user_id.isdigit():
        return None
    user = accounts.get_user(get_db(), int(user_id))
    if user is None or not user.active or session.get(SESSION_VERSION) != user.session_version:
        return None
    config, now = current_app.config, session_clock()
    idle = 60 * config["NAVIGATOR_STAFF_IDLE_MINUTES"]
    lifetime = 3600 * config["NAVIGATOR_STAFF_MAX_HOURS"]
    login_at, seen_at = session.get(LOGIN_AT, 0), session.get(SEEN_AT, 0)
    if now - login_at > lifetime or now - seen_at > idle:
        return None
    session[SEEN_AT] = now
    return SessionUser(user)


def _start_session(user: accounts.User) -> None:
    session.clear()  # a fresh session on login: no fixation
    session.permanent = True  # the cookie expires with NAVIGATOR_STAFF_MAX_HOURS too
    now = session_clock()
    session.update({SESSION_VERSION: user.session_version, LOGIN_AT: now, SEEN_AT: now})
    login_user(SessionUser(user))


def login_delay_seconds(failures: int) -> float:
    """Progressive delay: none for the first LOGIN_FREE_ATTEMPTS, then 1 s, 2 s, 4 s..."""
    if failures < LOGIN_FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - LOGIN_FREE_ATTEMPTS), LOGIN_MAX_DELAY_SECONDS))


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
    email = accounts.normalise_email(request.form.get("email", ""))
    password = request.form.get("password", "")
    pair = f"pair:{email}|{request.remote_addr}"
    wait = accounts.reserve_login_attempt(conn, pair, clock(), login_delay_seconds)
    if wait:
        log.warning("login delayed: repeated failed passwords for an account from one address")
        message = f"Too many attempts. Wait {int(wait + 0.999)} seconds, then try again."
        return render_template("admin/login.html", error=message, next=""), 429
    user = accounts.get_user_by_email(conn, email) if email else None
    stored = accounts.password_hash_of(conn, user.id) if user else None
    if user is None:
        _spend_a_verify(password)
    if user is None or not user.active or not verify_password(stored, password):
        message = "That email and password do not match an account."
        return render_template("admin/login.html", error=message, next=""), 401
    new_hash = hash_password(password) if HASHER.check_needs_rehash(stored) else None
    user = accounts.complete_login(conn, user, pair, clock(), new_hash=new_hash)
    _start_session(user)
    if user.is_clinical_reviewer and not request.form.get("next"):
        return redirect(url_for("clinical.queue"))  # they have no directory entries
    return redirect(safe_redirect_target(request.form.get("next")))


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        accounts.end_sessions(get_db(), current_user.user.id)  # copies of the cookie too
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token: str):
    conn = get_db()
    digest = token_digest(token)
    user = accounts.invitation_user(conn, digest, clock())
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
    user = accounts.use_invitation(conn, digest, hash_password(password), clock())
    if user is None:
        abort(404, description="This invitation link has expired or has been used already.")
    _start_session(user)
    return redirect(url_for("admin.dashboard"))


# --- wiring -----------------------------------------------------------------------------------


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["NAVIGATOR_ENV"] == "production":
        response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    return response


def init_app(app: Flask) -> None:
    """Flask-Login, CSRF, the login rate limit on the auth routes, security headers."""
    production = app.config["NAVIGATOR_ENV"] == "production"
    app.config.update(
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=production,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_CHECK_DEFAULT=False,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=app.config["NAVIGATOR_STAFF_MAX_HOURS"]),
    )
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "Log in to see that page."
    manager.session_protection = None  # revocation is server-side (session_version)
    manager.user_loader(_load_user)
    csrf = CSRFProtect(app)

    @app.before_request
    def _csrf():
        # By blueprint name, so blueprints registered later (sms) are exempt too. App-wide
        # before_request functions run before each blueprint's access policy check.
        unsafe = request.method in ("POST", "PUT", "PATCH", "DELETE")
        enabled = app.config.get("WTF_CSRF_ENABLED", True)
        if unsafe and enabled and request.blueprint not in CSRF_EXEMPT_BLUEPRINTS:
            csrf.protect()

    app.after_request(_security_headers)
    limiter = app.extensions["navigator_limiter"]  # web/guards.py made it
    limit = app.config["NAVIGATOR_LOGIN_RATE_LIMIT"]
    limiter.limit(limit, methods=["POST"])(bp)
