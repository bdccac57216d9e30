"""Read-only Open Referral UK 3.0 API under /api/oruk (public, open data).

GET / (version, profile, openapi_url), /openapi.json, /services, /services/<id>,
/service_at_locations, /service_at_locations/<id>, /taxonomies, /taxonomies/<id>,
/taxonomy_terms, /taxonomy_terms/<id>, /organizations, /organizations/<id>.
Ids are UUIDs (today's slugs still resolve). The standard query parameters are parsed by
core/directory/oruk_query.py; an unknown parameter or a value that does not parse is a 400 with a
JSON message. Every response here, errors included, carries Access-Control-Allow-Origin: *.
Demo entries appear only when NAVIGATOR_DEMO_MODE is on.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from navigator.core.directory.oruk_ids import child_uuid, service_uuid
from navigator.core.directory.oruk_query import (
    PAGING,
    SERVICE_FILTERS,
    QueryError,
    check_parameters,
    parse_paging,
    parse_service_query,
)
from navigator.core.places.gazetteer import find_place_in_message, load_gazetteer
from navigator.exporters.oruk import (
    HSDS_VERSION,
    organisation_to_hsds,
    prune,
    service_summary,
    service_to_hsds,
    taxonomies,
)
from navigator.paths import DIRECTORY_DIR
from navigator.runtime import centroid_of
from navigator.service import directory
from navigator.web.oruk_openapi import PROFILE_URL, openapi_document
from navigator.web.state import get_db

PREFIX = "/api/oruk"
bp = Blueprint("oruk", __name__, url_prefix=PREFIX)
bp.open_data = True  # read-only published directory: service ids here need no scoping


@bp.after_app_request
def _cors(response):
    """Read-only public data: any web page may read it (404s and 400s included)."""
    if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    return response


def _demo() -> bool:
    return current_app.config["NAVIGATOR_DEMO_MODE"]


def _checked(allowed: frozenset[str]) -> None:
    try:
        check_parameters(request.args, allowed)
    except QueryError as exc:
        abort(400, description=str(exc))


def _paging() -> tuple[int, int]:
    try:
        return parse_paging(request.args)
    except QueryError as exc:
        abort(400, description=str(exc))


def _page(contents: list, total: int, page: int, per_page: int) -> dict:
    total_pages = max(1, -(-total // per_page))
    return {"total_items": total, "total_pages": total_pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= total_pages,
            "empty": not contents, "contents": contents}  # fmt: skip


@bp.get("/")
def root():
    _checked(frozenset())
    return jsonify(version=HSDS_VERSION, profile=PROFILE_URL,
                   openapi_url=url_for("oruk.openapi", _external=True))  # fmt: skip


@bp.get("/openapi.json")
def openapi():
    _checked(frozenset())
    return jsonify(openapi_document(url_for("oruk.root", _external=True).rstrip("/")))


def _search(located: bool = False):
    try:
        query = parse_service_query(request.args, taxonomies(), allowed=SERVICE_FILTERS)
    except QueryError as exc:
        abort(400, description=str(exc))
    point = _point_for(query.postcode) if query.postcode else None
    conn = get_db()
    result = directory.search_services(conn, query, point=point, include_demo=_demo(),
                                        located=located)  # fmt: skip
    orgs = _organisations({p.organisation for p in result.items if p.organisation})
    modified = directory.last_modified(conn, [p.id for p in result.items])
    return result, orgs, modified


@bp.get("/services")
def services():
    result, orgs, modified = _search()
    return _listing(
        result,
        lambda p: service_to_hsds(
            p, orgs.get(p.organisation or ""), last_modified=modified.get(p.id)
        ),
    )


@bp.get("/services/<service_ref>")
def service(service_ref: str):
    _checked(frozenset())
    profile = _published_service(directory.find_service_id(get_db(), service_ref[:200]))
    orgs = _organisations({profile.organisation} if profile.organisation else set())
    modified = directory.last_modified(get_db(), [profile.id]).get(profile.id)
    return jsonify(service_to_hsds(profile, orgs.get(profile.organisation or ""),
                                   last_modified=modified))  # fmt: skip


@bp.get("/service_at_locations")
def service_at_locations():
    result, orgs, modified = _search(located=True)
    return _listing(result, lambda p: _service_at_location(p, orgs, modified, full=False))


def _listing(result, render):
    """One page of rendered items, each with its distance when the search had a place."""
    contents = []
    for profile in result.items:
        item = render(profile)
        if profile.id in result.distances_km:
            item["x_navigator_distance_m"] = round(result.distances_km[profile.id] * 1000)
        contents.append(item)
    return jsonify(_page(contents, result.total_items, result.page_number, result.size))


@bp.get("/service_at_locations/<ref>")
def service_at_location(ref: str):
    _checked(frozenset())
    wanted = ref.lower()[:64]
    ids = directory.located_service_ids(get_db(), include_demo=_demo())
    found = next((i for i in ids if child_uuid("service_at_location", service_uuid(i), 0)
                  == wanted), None)  # fmt: skip
    profile = _published_service(found)
    orgs = _organisations({profile.organisation} if profile.organisation else set())
    modified = directory.last_modified(get_db(), [profile.id])
    return jsonify(_service_at_location(profile, orgs, modified, full=True))


def _service_at_location(profile, orgs, modified, *, full: bool) -> dict:
    org = orgs.get(profile.organisation or "")
    whole = service_to_hsds(profile, org, last_modified=modified.get(profile.id))
    link = dict(whole["service_at_locations"][0])
    link["service"] = whole if full else service_summary(profile, org, modified.get(profile.id))
    return link


@bp.get("/taxonomies")
def taxonomy_list():
    _checked(PAGING)
    page, per_page = _paging()
    every = [t.to_hsds() for t in taxonomies().taxonomies]
    return jsonify(_page(every[(page - 1) * per_page : page * per_page], len(every), page,
                         per_page))  # fmt: skip


@bp.get("/taxonomies/<ref>")
def taxonomy(ref: str):
    _checked(frozenset())
    found = taxonomies().taxonomy_by_id(ref[:64])
    if found is None:
        abort(404, description="no taxonomy with that id")
    return jsonify({**found.to_hsds(), "taxonomy_terms": [t.to_hsds() for t in found.terms]})


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    _checked(PAGING | {"taxonomy_id"})
    page, per_page = _paging()
    terms = taxonomies().all_terms()
    if request.args.get("taxonomy_id"):
        wanted = taxonomies().taxonomy_by_id(request.args["taxonomy_id"][:64])
        if wanted is None:
            abort(400, description="taxonomy_id: no such taxonomy (see /taxonomies)")
        terms = list(wanted.terms)
    chosen = [t.to_hsds() for t in terms[(page - 1) * per_page : page * per_page]]
    return jsonify(_page(chosen, len(terms), page, per_page))


@bp.get("/taxonomy_terms/<ref>")
def taxonomy_term(ref: str):
    _checked(frozenset())
    found = taxonomies().term_by_id(ref[:64])
    if found is None:
        abort(404, description="no taxonomy term with that id")
    return jsonify(found.to_hsds())


@bp.get("/organizations")
def organizations():
    _checked(PAGING)
    page, per_page = _paging()
    found, total = directory.organisations_page(get_db(), page, per_page,
                                                 include_demo=_demo())  # fmt: skip
    return jsonify(_page([organisation_to_hsds(o) for o in found], total, page, per_page))


@bp.get("/organizations/<ref>")
def organization(ref: str):
    _checked(frozenset())
    conn = get_db()
    org_id = directory.find_organisation_id(conn, ref[:200])
    org = directory.get_organisation(conn, org_id) if org_id else None
    services = directory.organisation_services(conn, org_id, include_demo=_demo()) if org else []
    if org is None or not services:
        abort(404, description="no organization with that id")
    modified = directory.last_modified(conn, [p.id for p in services])
    body = organisation_to_hsds(org)
    body["services"] = [prune(service_summary(p, None, modified.get(p.id))) for p in services]
    return jsonify(body)


def _published_service(service_id: str | None):
    profile = directory.get_service(get_db(), service_id) if service_id else None
    if profile is None or (profile.demo and not _demo()):
        abort(404, description="no service with that id")
    return profile


def _point_for(postcode: str) -> tuple[float, float]:
    record = directory.lookup_postcode(get_db(), postcode)
    if record and record.lat is not None:
        return record.lat, record.lon
    place = find_place_in_message(postcode, gazetteer=load_gazetteer(str(DIRECTORY_DIR)))
    point = centroid_of(place) if place.found and not place.outside_manchester else None
    if point is None:
        abort(400, description="postcode not recognised as a Manchester postcode")
    return point


def _organisations(ids: set[str]) -> dict:
    conn = get_db()
    found = {i: directory.get_organisation(conn, i) for i in ids}
    return {i: o for i, o in found.items() if o is not None}
