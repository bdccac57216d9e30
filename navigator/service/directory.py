"""Application service for reading the directory: the Open Referral UK API (the directory's
export), the editor's pages, and the navigator's own search (runtime.build_navigator). Reads
only, each one query; writes go through editing.py and reviewing.py."""

from __future__ import annotations

from navigator.store.oruk import (
    find_organisation_id,
    find_service_id,
    last_modified,
    located_service_ids,
    organisation_services,
    organisations_page,
    search_services,
)
from navigator.store.postcodes import count_city_postcodes, lookup_postcode
from navigator.store.services import (
    candidate_summaries,
    count_services,
    get_organisation,
    get_service,
    get_services,
    list_services,
    stale_services,
)

__all__ = [
    "candidate_summaries",
    "count_city_postcodes",
    "count_services",
    "find_organisation_id",
    "find_service_id",
    "get_organisation",
    "get_service",
    "get_services",
    "last_modified",
    "list_services",
    "located_service_ids",
    "lookup_postcode",
    "organisation_services",
    "organisations_page",
    "search_services",
    "stale_services",
]
