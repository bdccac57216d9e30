"""Open Referral UK 3.0 conformance: the export and every API endpoint validate against the
official ORUK schemas (JSON Schema 2020-12, formats checked: uuid, uri, email, date-time).

The schemas are read from the shared folder, never copied into the repo: $NAVIGATOR_SHARED
/oruk/schema, else ../shared/oruk/schema beside the checkout; the test skips without them.
With ../shared/data present the real directory is imported first (a few hundred services);
without it the embedded directory and the services below are checked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")
from referencing.jsonschema import DRAFT202012  # noqa: E402

from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile  # noqa: E402
from navigator.db import connect  # noqa: E402
from navigator.exporters.oruk import export_directory  # noqa: E402
from navigator.paths import REPO_ROOT, SHARED_DATA_DIR  # noqa: E402
from navigator.store.services import upsert_organisation, upsert_service  # noqa: E402

BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
MIN_API_RESPONSES = 50
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


def schema_dir() -> Path | None:
    shared = os.environ.get("NAVIGATOR_SHARED")
    folder = Path(shared) if shared else REPO_ROOT.parent / "shared"
    schema = folder / "oruk" / "schema"
    return schema if (schema / "openapi.json").is_file() else None


pytestmark = pytest.mark.skipif(schema_dir() is None, reason="no ../shared/oruk schemas")


@pytest.fixture(scope="module")
def registry():
    folder = schema_dir()
    resources = [
        (BASE + path.relative_to(folder).as_posix(),
         referencing.Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                            default_specification=DRAFT202012))
        for path in [*folder.glob("*.json"), *folder.glob("compiled/*.json")]
    ]  # fmt: skip
    return referencing.Registry().with_resources(resources)


def validator(registry, ref: str):
    cls = jsonschema.Draft202012Validator
    return cls({"$ref": BASE + ref}, registry=registry, format_checker=cls.FORMAT_CHECKER)


def openapi_schema(path: str) -> str:
    """The 200 response schema of an ORUK OpenAPI path, as a reference into openapi.json."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"openapi.json#/paths/{escaped}/get/responses/200/content/application~1json/schema"


def page_of(item_schema: str) -> dict:
    return {"$ref": BASE + "openapi.json#/components/schemas/Page",
            "properties": {"contents": {"type": "array", "items": {"$ref": BASE + item_schema}}}}  # fmt: skip


def errors_in(validate, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validate.iter_errors(document)]  # fmt: skip


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from navigator import create_app
    from navigator.importers import import_all
    from navigator.runtime import initialise

    path = tmp_path_factory.mktemp("oruk") / "navigator.sqlite3"
    initialise(create_app({"NAVIGATOR_DATABASE": str(path)}).config)  # the embedded directory
    conn = connect(path)
    if SHARED_DATA_DIR.is_dir():
        import_all(conn, SHARED_DATA_DIR, now=NOW)
    upsert_organisation(conn, Organisation("conf-org", "Conformance Org"), now=NOW)
    upsert_service(conn, ServiceProfile(
        id="conf-drop-in", organisation="conf-org", name="Conformance Drop-in",
        type="warm_space", dispositions=("community",), coverage=Coverage("city"),
        schedule={"weekly": [{"day": "mon", "opens": "09:00", "closes": "17:00"}],
                  "bank_holidays": [], "exceptions": [{"date": "2026-12-24", "sessions": [
                      {"opens": "09:00", "closes": "12:00"}], "note": "Christmas Eve"}]},
        postcode="M13 9WL", lat=53.4627, lon=-2.2264, address="1 Oxford Road",
        email="drop-in@example.org", website="https://example.org", phone="0161 000 0000",
        age_min_days=18 * 365.25, last_reviewed=dt.date(2026, 11, 1), reviewed_by="staff",
    ), now=NOW)  # fmt: skip
    conn.close()
    return path


def test_the_export_has_no_schema_errors(registry, database):
    conn = connect(database)
    exported = export_directory(conn)
    conn.close()
    service, phone = validator(registry, "compiled/service.json"), validator(registry, "phone.json")
    errors = {}
    for item in exported:
        found = errors_in(service, item)
        found += [e for p in item.get("phones", []) for e in errors_in(phone, p)]
        if found:
            errors[item["name"]] = found[:5]
    print(f"{len(exported)} exported services checked")
    assert len(exported) >= 10
    assert errors == {}, f"{len(errors)} of {len(exported)} services fail"


def test_every_endpoint_answers_to_the_schemas(registry, database):
    from navigator import create_app

    client = create_app({"NAVIGATOR_DATABASE": str(database)}).test_client()
    cls = jsonschema.Draft202012Validator

    def check(url: str, schema: dict | str) -> dict:
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_json())
        assert response.headers.get("Access-Control-Allow-Origin") == "*", url
        body = response.get_json()
        if isinstance(schema, str):
            schema = {"$ref": BASE + schema}
        validate = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
        checked.append((url, errors_in(validate, body)))
        return body

    checked: list[tuple[str, list[str]]] = []
    check("/api/oruk/", openapi_schema("/"))
    services = check("/api/oruk/services?per_page=20", openapi_schema("/services"))
    for page in range(2, min(services["total_pages"], 6) + 1):
        check(f"/api/oruk/services?per_page=20&page={page}", openapi_schema("/services"))
    for item in services["contents"]:
        check(f"/api/oruk/services/{item['id']}", openapi_schema("/services/{id}"))
    for query in ("search=pharmacy", "minimum_age=18", "day=MO&start_time=08:00",
                  "modified_after=2026-01-01", "postcode=M13%209WL&proximity=2000"):
        check(f"/api/oruk/services?{query}", openapi_schema("/services"))
    located = check("/api/oruk/service_at_locations?postcode=M13%209WL&proximity=5000&per_page=5",
                    openapi_schema("/service_at_locations"))  # fmt: skip
    for item in located["contents"]:
        check(f"/api/oruk/service_at_locations/{item['id']}", "compiled/service_at_location.json")
    taxonomies = check("/api/oruk/taxonomies", openapi_schema("/taxonomies"))
    for item in taxonomies["contents"]:
        check(f"/api/oruk/taxonomies/{item['id']}", openapi_schema("/taxonomies/{id}"))
    terms = check("/api/oruk/taxonomy_terms?per_page=5", openapi_schema("/taxonomy_terms"))
    for item in terms["contents"]:
        check(f"/api/oruk/taxonomy_terms/{item['id']}", openapi_schema("/taxonomy_terms/{id}"))
    orgs = check("/api/oruk/organizations?per_page=5", page_of("compiled/organization_list.json"))
    for item in orgs["contents"]:
        check(f"/api/oruk/organizations/{item['id']}", "compiled/organization.json")
    failing = {url: errors[:5] for url, errors in checked if errors}
    print(f"{len(checked)} API responses checked")
    assert len(checked) >= MIN_API_RESPONSES
    assert failing == {}, f"{len(failing)} of {len(checked)} responses fail"
