"""Read-only Open Referral UK API: GET /api/oruk/services and /api/oruk/services/<id>.

Parameters as in the ORUK API: text, taxonomy_id, postcode + proximity (metres), page,
per_page. Responses are HSDS 3.0 services (exporters/oruk.py) in the ORUK page envelope.
"""

from __future__ import annotations

from flask import abort, jsonify, request

from navigator.core.places import find_place_in_message, load_gazetteer
from navigator.exporters.oruk import paginated, service_to_hsds
from navigator.paths import DIRECTORY_DIR
from navigator.runtime import centroid_of
from navigator.store import postcodes as postcode_store
from navigator.store import services as service_store
from navigator.store.search import MAX_PER_PAGE, search_text
from navigator.web.access import PUBLIC, blueprint
from navigator.web.state import get_db

bp = blueprint("oruk", __name__, policy=PUBLIC, url_prefix="/api/oruk")
bp.open_data = True  # read-only published directory: service ids here need no scoping
MAX_PROXIMITY_M = 50_000


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"{name} must be a whole number")
    if not low <= value <= high:
        abort(400, description=f"{name} must be between {low} and {high}")
    return value


def _point_for(postcode: str) -> tuple[float, float]:
    conn = get_db()
    record = postcode_store.lookup_postcode(conn, postcode)
    if record and record.lat is not None:
        return record.lat, record.lon
    place = find_place_in_message(postcode, gazetteer=load_gazetteer(str(DIRECTORY_DIR)))
    point = centroid_of(place) if place.found and not place.outside_manchester else None
    if point is None:
        abort(400, description="postcode not recognised as a Manchester postcode")
    return point


@bp.get("/services")
def services():
    page = _int_arg("page", 1, 1, 100_000)
    per_page = _int_arg("per_page", 50, 1, MAX_PER_PAGE)
    lat = lon = proximity = None
    postcode = (request.args.get("postcode") or "").strip()
    if postcode:
        lat, lon = _point_for(postcode[:16])
        proximity = _int_arg("proximity", 5_000, 1, MAX_PROXIMITY_M)
    result = search_text(
        get_db(),
        text=(request.args.get("text") or "")[:200] or None,
        taxonomy_id=(request.args.get("taxonomy_id") or "")[:64] or None,
        lat=lat,
        lon=lon,
        proximity_m=proximity,
        page=page,
        per_page=per_page,
    )
    organisations = _organisations({p.organisation for p in result.items if p.organisation})
    return jsonify(paginated(result, organisations))


@bp.get("/services/<service_id>")
def service(service_id: str):
    profile = service_store.get_service(get_db(), service_id[:200])
    if profile is None:
        abort(404, description="no service with that id")
    organisations = _organisations({profile.organisation} if profile.organisation else set())
    return jsonify(service_to_hsds(profile, organisations.get(profile.organisation)))


def _organisations(ids: set[str]) -> dict:
    conn = get_db()
    found = {i: service_store.get_organisation(conn, i) for i in ids}
    return {i: o for i, o in found.items() if o is not None}
