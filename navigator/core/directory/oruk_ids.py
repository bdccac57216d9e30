"""Stable Open Referral UK ids: a UUID for every record, derived from today's local id.

ORUK 3.0 wants every id (and every link to one) to be a UUID. Our own ids are readable
slugs ("mri-emergency-department", "nhsbsa-FRL97") that links, edits and logs already
use, so the UUID is derived from the slug with uuid5 under one fixed namespace: the same
slug always gives the same UUID, on every machine and in every export, and the slug keeps
resolving through a lookup (store/oruk.py). An id that already is a UUID (a service that
came from another ORUK feed) is kept as it is, so their links keep working too.
"""

from __future__ import annotations

import uuid

# Fixed forever: changing it would change every published id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://manchester-navigator.example/oruk")


def is_uuid(text: object) -> bool:
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def oruk_id(kind: str, local_id: str) -> str:
    """The UUID for one record: `kind` is the HSDS entity ("service", "organization"...)."""
    if is_uuid(local_id):
        return local_id.lower()
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{local_id}"))


def service_uuid(service_id: str) -> str:
    return oruk_id("service", service_id)


def organization_uuid(organisation_id: str) -> str:
    return oruk_id("organization", organisation_id)


def child_uuid(kind: str, parent_uuid: str, key: object) -> str:
    """A record that only exists inside its parent (a schedule, a phone, an address)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{parent_uuid}:{key}"))
