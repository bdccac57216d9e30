"""Public JSON API: POST /api/v1/navigate (SPEC section 6)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from navigator.core.conversation.navigate import NavigateRequest
from navigator.runtime import now_london
from navigator.web.state import get_navigator

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.post("/navigate")
def navigate():
    data = request.get_json(silent=True)
    if data is None:
        return jsonify(error="send a JSON object with a text field, as UTF-8"), 400
    try:
        nav_request = NavigateRequest.from_json(data)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    result = get_navigator().navigate(nav_request, now_london())
    body = result.to_json()
    if isinstance(data.get("id"), str | int):
        body = {"id": data["id"], **body}
    return jsonify(body)
