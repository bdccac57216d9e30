"""Liveness for load balancers: no database call, nothing secret."""

from __future__ import annotations

from navigator.web.access import PUBLIC, blueprint

bp = blueprint("health", __name__, policy=PUBLIC)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
