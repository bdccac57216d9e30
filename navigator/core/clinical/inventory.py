"""Every piece of clinical content a reviewer must sign off, each with a stable id and text.

Ids (used by content/reviews.yaml, the hazard log and the approvals table):
  topic:<id>                 one self-care topic file (content/topics/<id>.md)
  red_flag:<id>              one rule in content/rules/red_flags.yaml
  red_flags:concepts         the shared patterns every red-flag rule expands
  life_threat:<id>           one sign in content/rules/life_threats.yaml
  life_threats:frames        the question/past/story/animal frames the signs share
  safeguarding:<id>          one sign in content/rules/safeguarding.yaml
  rules:<name>               any other file in content/rules/ (alarm, fallback...)
  vocabulary:<name>          lexicon.yaml and content/rules/languages/* (what words mean)
  replies:<lang>             content/replies/<lang>.yaml (English wording, translations)

An item's text is what a reviewer reads and what its hash covers: a whole file, or one
rule or sign dumped back to YAML (so a change to one red flag leaves the others approved).
The inventory reads files only; it never decides routing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

SAFETY_KINDS = ("red_flag", "life_threat", "safeguarding")  # reviewed first
SPLIT_FILES = {  # file -> (kind of each entry, list key, id of the rest of the file)
    "red_flags.yaml": ("red_flag", "rules", "red_flags:concepts"),
    "life_threats.yaml": ("life_threat", "signs", "life_threats:frames"),
    "safeguarding.yaml": ("safeguarding", "signs", "safeguarding:frames"),
}
VOCABULARY_FILES = ("lexicon.yaml",)


@dataclass(frozen=True)
class ContentItem:
    id: str
    kind: str  # topic, red_flag, life_threat, safeguarding, rules, vocabulary, replies
    title: str
    path: str  # relative to the repository root
    text: str
    attrs: dict  # what selectors read: a topic's kind, a rule's disposition...

    @property
    def sha256(self) -> str:
        return text_hash(self.text)

    @property
    def is_safety_rule(self) -> bool:
        return self.kind in SAFETY_KINDS or self.id.startswith(("red_flags:", "life_threats:"))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _front_matter(text: str) -> dict:
    if not text.startswith("---"):
        return {}
    _, block, _ = text.split("---", 2)
    return yaml.safe_load(block) or {}


def load_inventory(content_dir: Path) -> dict[str, ContentItem]:
    """Every reviewable item under content/, by id, in a stable order."""
    content_dir = Path(content_dir)
    root = content_dir.parent
    items: list[ContentItem] = []

    def rel(path: Path) -> str:
        return str(path.relative_to(root))

    for path in sorted((content_dir / "topics").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = _front_matter(text)
        attrs = {k: meta.get(k) for k in ("kind", "disposition")}
        items.append(
            ContentItem(
                f"topic:{path.stem}", "topic", meta.get("title", path.stem), rel(path), text, attrs
            )  # fmt: skip
        )
    rules_dir = content_dir / "rules"
    for path in sorted(rules_dir.rglob("*.yaml")):
        name = str(path.relative_to(rules_dir).with_suffix(""))
        text = path.read_text(encoding="utf-8")
        if path.name in SPLIT_FILES and path.parent == rules_dir:
            items.extend(_split(path, text, rel(path)))
        elif path.name in VOCABULARY_FILES or path.parent != rules_dir:
            items.append(ContentItem(f"vocabulary:{name}", "vocabulary", name, rel(path), text, {}))
        else:
            items.append(ContentItem(f"rules:{name}", "rules", name, rel(path), text, {}))
    for path in sorted((content_dir / "replies").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        title = f"Reply wording: {data.get('name', path.stem)}"
        attrs = {"language": path.stem}
        items.append(ContentItem(f"replies:{path.stem}", "replies", title, rel(path),
                                 path.read_text(encoding="utf-8"), attrs))  # fmt: skip
    return {item.id: item for item in items}


def _split(path: Path, text: str, relpath: str) -> list[ContentItem]:
    kind, list_key, rest_id = SPLIT_FILES[path.name]
    data = yaml.safe_load(text) or {}
    entries = data.get(list_key) or []
    rest = {k: v for k, v in data.items() if k != list_key}
    items = []
    if rest:  # the patterns every entry of the file shares
        title = f"{path.name}: shared patterns"
        items.append(ContentItem(rest_id, "rules", title, relpath, _dump(rest), {}))
    for entry in entries:
        attrs = {"disposition": entry.get("disposition"), "source": entry.get("source")}
        items.append(
            ContentItem(
                f"{kind}:{entry['id']}",
                kind,
                entry.get("say") or entry["id"],
                relpath,
                _dump(entry),
                attrs,
            )  # fmt: skip
        )
    return items


def ids_of_kind(items: dict[str, ContentItem], kind: str) -> list[str]:
    return [i.id for i in items.values() if i.kind == kind]


__all__ = ["SAFETY_KINDS", "ContentItem", "ids_of_kind", "load_inventory", "text_hash"]
