"""The read-only Open Referral UK API over the embedded default directory."""

from __future__ import annotations


def test_services_page_has_the_oruk_envelope(client):
    body = client.get("/api/oruk/services?per_page=5").get_json()
    assert {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    } <= set(body)
    assert body["size"] == 5 and len(body["contents"]) == 5
    assert body["page_number"] == 1 and body["first_page"] is True


def test_taxonomy_filter_and_single_service(client):
    body = client.get("/api/oruk/services?taxonomy_id=emergency_department").get_json()
    ids = {s["id"] for s in body["contents"]}
    assert "mri-emergency-department" in ids
    one = client.get("/api/oruk/services/mri-emergency-department").get_json()
    assert one["id"] == "mri-emergency-department"
    assert one["name"]


def test_postcode_proximity_orders_by_distance(client):
    body = client.get(
        "/api/oruk/services?taxonomy_id=emergency_department&postcode=M13%209WL&proximity=3000"
    ).get_json()
    ids = [s["id"] for s in body["contents"]]
    assert ids and ids[0] in {"mri-emergency-department", "rmch-emergency-department"}
    assert "wythenshawe-emergency-department" not in ids  # about 9 km away


def test_bad_parameters_get_a_clear_400_and_unknown_id_a_404(client):
    assert client.get("/api/oruk/services?page=zero").status_code == 400
    assert client.get("/api/oruk/services?per_page=100000").status_code == 400
    assert client.get("/api/oruk/services?postcode=LS1%204AP").status_code == 400
    response = client.get("/api/oruk/services/nope")
    assert response.status_code == 404 and response.get_json()["error"]
