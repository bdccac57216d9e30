"""Topics loaded from content/topics/*.md front matter: names, lay terms, routing rules, types.

Loading validates every file and fails with the file name, so a content mistake is caught by
the tests and at start-up, never by a resident.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from navigator.core.models import Disposition, ServiceType
from navigator.core.triage import conditions

FRONT_MATTER_FENCE = "---"
REQUIRED_KEYS = ("id", "title", "kind", "summary", "sms_advice", "terms", "disposition")
KINDS = ("health", "mental_health", "social")
DEFAULT_NUDGE_AFTER_HOURS = 48


@dataclass(frozen=True)
class TopicRule:
    when: dict
    disposition: Disposition
    why: str
    # its warning phrases are specific enough that, with only a keyword of the topic, it still
    # decides the level of care beside another topic's term ("tummy" + "low down on the right")
    decides: bool = False


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    kind: str
    summary: str
    sms_advice: str
    terms: tuple[str, ...]
    keywords: tuple[str, ...]
    disposition: Disposition
    rules: tuple[TopicRule, ...]
    service_types: tuple[str, ...]
    nudge_after_hours: int
    # a disclosure of harm (domestic abuse, sexual assault): no follow-up text is offered,
    # because the phone may be read by the person doing the harm (SPEC section 4)
    sensitive: bool
    sources: tuple[dict, ...]
    body: str
    meta: dict

    @property
    def rule_terms(self) -> set[str]:
        return {t for r in self.rules for t in r.when.get("any_terms", ())}


def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ValueError(f"{where}: must start with a '---' front-matter fence")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise ValueError(f"{where}: front matter has no closing '---'") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ValueError(f"{where}: front matter must be a mapping")
    return meta, "\n".join(lines[end + 1 :]).strip()


def parse_topic(text: str, where: str) -> Topic:
    meta, body = split_front_matter(text, where)
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if meta["kind"] not in KINDS:
        raise ValueError(f"{where}: kind must be one of {KINDS}")
    types = tuple(meta.get("service_types") or ())
    bad_types = [t for t in types if t not in ServiceType.__members__.values()]
    if bad_types:
        raise ValueError(f"{where}: unknown service types {bad_types}")
    rules = tuple(
        TopicRule(
            when=conditions.validate(dict(r.get("when") or {}), f"{where} rule {i + 1}"),
            disposition=Disposition(r["disposition"]),
            why=str(r.get("why", "")),
            decides=bool(r.get("decides", False)),
        )
        for i, r in enumerate(meta.get("rules") or ())
    )
    return Topic(
        id=str(meta["id"]),
        title=str(meta["title"]),
        kind=meta["kind"],
        summary=" ".join(str(meta["summary"]).split()),
        sms_advice=" ".join(str(meta["sms_advice"]).split()),
        terms=tuple(str(t).lower() for t in meta["terms"]),
        keywords=tuple(str(k).lower() for k in meta.get("keywords") or ()),
        disposition=Disposition(meta["disposition"]),
        rules=rules,
        service_types=types,
        nudge_after_hours=int(meta.get("nudge_after_hours") or DEFAULT_NUDGE_AFTER_HOURS),
        sensitive=bool(meta.get("sensitive", False)),
        sources=tuple(meta.get("sources") or ()),
        body=body,
        meta=meta,
    )


def load_topics(topics_dir: Path) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for path in sorted(Path(topics_dir).glob("*.md")):
        topic = parse_topic(path.read_text(encoding="utf-8"), path.name)
        if topic.id != path.stem:
            raise ValueError(f"{path.name}: id {topic.id!r} must match the file name")
        topics[topic.id] = topic
    return topics
