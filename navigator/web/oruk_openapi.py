"""The OpenAPI 3 description of our ORUK API, served at /api/oruk/openapi.json (the address
GET /api/oruk/ names). Entity schemas are referenced at the ORUK profile's published
addresses, never copied here; the parameters are the ones web/oruk.py accepts."""

from __future__ import annotations

PROFILE_URL = "https://github.com/openreferral/uk-profile"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PARAMETER_HELP = {
    "search": "Text in the name, description or service type.",
    "page": "Page number, from 1.",
    "per_page": "Items per page (1-200, default 50).",
    "taxonomy_term_id": "Services with this taxonomy term (UUID from /taxonomy_terms).",
    "taxonomy_id": "Services with any term of this taxonomy (UUID from /taxonomies).",
    "organization_id": "Services of this organization (its UUID).",
    "minimum_age": "Services whose minimum age is at least this many years.",
    "maximum_age": "Services whose stated maximum age is at most this many years.",
    "day": "Services with a weekly session on this day (MO, TU, WE, TH, FR, SA, SU).",
    "start_time": "Sessions opening at or after this UK local time (HH:MM).",
    "end_time": "Sessions closing at or before this UK local time (HH:MM).",
    "modified_after": "Services whose record changed at or after this ISO 8601 date-time.",
    "postcode": "A Manchester postcode; results are nearest first.",
    "proximity": "With postcode: only results within this many metres (default 5000).",
}
NUMBERS = {"page": "integer", "per_page": "integer", "minimum_age": "number",
           "maximum_age": "number", "proximity": "integer"}  # fmt: skip
SERVICE_PARAMETERS = ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id",
                      "organization_id", "minimum_age", "maximum_age", "day", "start_time",
                      "end_time", "modified_after", "postcode", "proximity"]  # fmt: skip
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty")  # fmt: skip


def _parameter(name: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": PARAMETER_HELP[name],
            "schema": {"type": NUMBERS.get(name, "string")}}  # fmt: skip


def _page_of(schema: str) -> dict:
    properties = {k: {"type": "boolean" if k in ("first_page", "last_page", "empty")
                      else "integer"} for k in PAGE_KEYS}  # fmt: skip
    properties["contents"] = {"type": "array", "items": {"$ref": SCHEMA_BASE + schema}}
    return {"type": "object", "properties": properties}


def _get(summary: str, schema: dict, parameters=(), path_id: bool = False) -> dict:
    params = [_parameter(p) for p in parameters]
    if path_id:
        params.append({"name": "id", "in": "path", "required": True,
                       "description": "The UUID (our own id also resolves).",
                       "schema": {"type": "string"}})  # fmt: skip
    responses = {
        "200": {"description": summary, "content": {"application/json": {"schema": schema}}},
        "400": {"description": 'An unsupported parameter or value: {"error": message}.'},
    }
    if path_id:
        responses["404"] = {"description": 'No such record: {"error": message}.'}
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def openapi_document(server_url: str) -> dict:
    ref = lambda schema: {"$ref": SCHEMA_BASE + schema}  # noqa: E731
    return {
        "openapi": "3.0.0",
        "info": {
            "title": "Manchester Self-Care Navigator: Open Referral UK API",
            "version": "3.0",
            "description": "Read-only Open Referral UK 3.0 (HSDS 3.0 UK profile) directory of "
            "health and community services in Manchester. Every response carries "
            "Access-Control-Allow-Origin: *. Times are UK local time with their UTC offset.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {"get": {"summary": "API version, ORUK profile and this description's address",
                          "responses": {"200": {"description": "version, profile, openapi_url"}}}},
            "/services": _get("Services, paginated", _page_of("compiled/service_list.json"),
                              SERVICE_PARAMETERS),
            "/services/{id}": _get("One fully nested service", ref("compiled/service.json"),
                                   path_id=True),
            "/service_at_locations": _get(
                "Services at their locations, paginated",
                _page_of("compiled/service_at_location_list.json"), SERVICE_PARAMETERS),
            "/service_at_locations/{id}": _get(
                "One service at its location", ref("compiled/service_at_location.json"),
                path_id=True),
            "/taxonomies": _get("Taxonomies, paginated", _page_of("taxonomy.json"),
                                ["page", "per_page"]),
            "/taxonomies/{id}": _get("One taxonomy", ref("taxonomy.json"), path_id=True),
            "/taxonomy_terms": _get("Taxonomy terms, paginated", _page_of("taxonomy_term.json"),
                                    ["page", "per_page", "taxonomy_id"]),
            "/taxonomy_terms/{id}": _get("One taxonomy term", ref("taxonomy_term.json"),
                                         path_id=True),
            "/organizations": _get("Organizations with published services, paginated",
                                   _page_of("compiled/organization_list.json"),
                                   ["page", "per_page"]),
            "/organizations/{id}": _get("One organization with its services",
                                        ref("compiled/organization.json"), path_id=True),
        },
    }  # fmt: skip
