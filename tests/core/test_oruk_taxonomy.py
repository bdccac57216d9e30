"""The ORUK taxonomies: every published term has a real description; ids are stable UUIDs."""

from __future__ import annotations

import uuid

import yaml

from navigator.core.directory.oruk_ids import is_uuid, oruk_id, service_uuid
from navigator.core.directory.oruk_query import QueryError, parse_service_query
from navigator.core.directory.oruk_taxonomy import TAXONOMY_FILE, load_taxonomies, published_codes
from navigator.paths import DIRECTORY_DIR


def test_every_published_term_is_described_in_the_taxonomy_file():
    data = yaml.safe_load((DIRECTORY_DIR / TAXONOMY_FILE).read_text(encoding="utf-8"))
    listed = {t["id"]: set(t["terms"]) for t in data["taxonomies"]}
    missing = {key: sorted(set(codes) - listed.get(key, set()))
               for key, codes in published_codes().items()}  # fmt: skip
    assert all(not codes for codes in missing.values()), missing


def test_term_ids_are_unique_uuids():
    terms = load_taxonomies(str(DIRECTORY_DIR)).all_terms()
    assert len({t.id for t in terms}) == len(terms)
    assert all(is_uuid(t.id) and is_uuid(t.taxonomy_id) for t in terms)


def test_ids_are_stable_and_a_uuid_is_kept():
    assert service_uuid("mri-emergency-department") == service_uuid("mri-emergency-department")
    assert uuid.UUID(service_uuid("mri-emergency-department")).version == 5
    foreign = "AC148810-D857-441C-9679-408F346DE14B"
    assert oruk_id("service", foreign) == foreign.lower()
    assert oruk_id("service", "x") != oruk_id("organization", "x")


def test_query_parsing_reads_the_standard_forms():
    vocabulary = load_taxonomies(str(DIRECTORY_DIR))
    query = parse_service_query({"day": "Tuesday", "start_time": "09:30:00",
                                 "modified_after": "2026-07-01T10:00"}, vocabulary)  # fmt: skip
    assert (query.day, query.start_time) == ("tue", "09:30")
    assert query.modified_after == "2026-07-01T09:00:00+00:00"  # BST read as UK local time
    for bad in ({"page": "-1"}, {"maximum_age": "200"}, {"end_time": "25:00"}, {"x": "1"}):
        try:
            parse_service_query(bad, vocabulary)
        except QueryError:
            continue
        raise AssertionError(f"accepted {bad}")
