"""The taxonomies the Open Referral UK export publishes: service types and levels of care.

Read from directory/oruk_taxonomy.yaml (descriptions are data a reviewer can read). Only
codes the code base knows are published: every ServiceType, every Disposition but
"unclear". Term ids are UUIDs from "<taxonomy>:<code>", so the service type "pharmacy"
and the level of care "pharmacy" are two terms with two ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from navigator.core.directory.oruk_ids import oruk_id
from navigator.core.models import Disposition, ServiceType

TYPE_TAXONOMY = "navigator-service-type"
DISPOSITION_TAXONOMY = "navigator-disposition"
TAXONOMY_FILE = "oruk_taxonomy.yaml"


def published_codes() -> dict[str, tuple[str, ...]]:
    return {
        TYPE_TAXONOMY: tuple(t.value for t in ServiceType),
        DISPOSITION_TAXONOMY: tuple(d.value for d in Disposition if d != Disposition.UNCLEAR),
    }


@dataclass(frozen=True)
class Term:
    id: str  # UUID
    code: str
    name: str
    description: str
    taxonomy_key: str  # "navigator-service-type"
    taxonomy_id: str  # UUID of the taxonomy

    def to_hsds(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "taxonomy": self.taxonomy_key,
            "taxonomy_id": self.taxonomy_id,
            "term": self.code,
            "code": self.code,  # HSDS 3.0 core field; ORUK names it "term"
        }


@dataclass(frozen=True)
class Taxonomy:
    id: str  # UUID
    key: str
    name: str
    description: str
    version: str
    terms: tuple[Term, ...]

    def to_hsds(self) -> dict:
        return {"id": self.id, "name": self.name, "description": self.description,
                "version": self.version}  # fmt: skip


@dataclass(frozen=True)
class Taxonomies:
    taxonomies: tuple[Taxonomy, ...]

    def term(self, taxonomy_key: str, code: str) -> Term | None:
        return self._by_code().get((taxonomy_key, code))

    def term_by_id(self, term_id: str) -> Term | None:
        return self._by_id().get(term_id.lower())

    def taxonomy_by_id(self, taxonomy_id: str) -> Taxonomy | None:
        wanted = taxonomy_id.lower()
        return next((t for t in self.taxonomies if wanted in (t.id, t.key)), None)

    def all_terms(self) -> list[Term]:
        return [term for taxonomy in self.taxonomies for term in taxonomy.terms]

    def _by_code(self) -> dict[tuple[str, str], Term]:
        return {(t.taxonomy_key, t.code): t for t in self.all_terms()}

    def _by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.all_terms()}


def term_uuid(taxonomy_key: str, code: str) -> str:
    return oruk_id("taxonomy_term", f"{taxonomy_key}:{code}")


@lru_cache(maxsize=4)
def load_taxonomies(directory: str) -> Taxonomies:
    data = yaml.safe_load((Path(directory) / TAXONOMY_FILE).read_text(encoding="utf-8"))
    codes = published_codes()
    taxonomies = []
    for entry in data["taxonomies"]:
        key = entry["id"]
        taxonomy_id = oruk_id("taxonomy", key)
        listed = entry.get("terms") or {}
        terms = []
        for code in codes.get(key, ()):
            text = listed.get(code)
            if isinstance(text, dict):
                name, description = text.get("name"), text.get("description")
            else:
                name, description = None, text
            name = name or code.replace("_", " ").capitalize()
            description = description or f"{name} ({entry['name']})."
            terms.append(Term(term_uuid(key, code), code, name, description, key, taxonomy_id))
        taxonomies.append(
            Taxonomy(
                taxonomy_id,
                key,
                entry["name"],
                " ".join(entry["description"].split()),
                str(entry.get("version") or "1"),
                tuple(terms),
            )
        )
    return Taxonomies(tuple(taxonomies))
