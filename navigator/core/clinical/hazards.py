"""The hazard log (docs/clinical-safety/hazard_log.yaml): loading, the DCB0129 risk matrix,
reference checking and coverage.

A reference is a string with a prefix, so the log can point at the things in the repository
that implement and prove each control, and a test can check every pointer resolves:

  red_flag:<id> life_threat:<id> safeguarding:<id> topic:<id> rules:<name> replies:<lang>
  vocabulary:<name> red_flags:concepts life_threats:frames   content items (inventory.py)
  topics:kind=<kind>            selector: every topic of that kind (health, social...)
  emergency_category:<id>       the red flags and signs a category of the log groups
  disposition:<value>           a SPEC section 4 disposition
  test:<path>::<function>       a test function (or class) in that file
  eval:<set>:<column>           a first-contact figure in evaluation/README.md
  file:<path>                   a file or folder in the repository
  setting:<NAME>                a setting in navigator/settings.py
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# DCB0129 (NHS Digital clinical risk management): severity and likelihood each on five
# levels; the matrix gives a clinical risk rating 1 (acceptable) to 5 (unacceptable).
SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
LIKELIHOODS = ("very_low", "low", "medium", "high", "very_high")
RISK_MATRIX = {  # likelihood -> ratings for severities minor..catastrophic
    "very_high": (3, 4, 4, 5, 5),
    "high": (2, 3, 3, 4, 5),
    "medium": (2, 2, 3, 3, 4),
    "low": (1, 2, 2, 3, 4),
    "very_low": (1, 1, 2, 2, 3),
}
RISK_MEANING = {
    1: "Acceptable: no action required",
    2: "Acceptable where further reduction is impractical (ALARP)",
    3: "Undesirable: acceptable only with CSO sign-off that further reduction is impractical",
    4: "Unacceptable: further controls mandatory",
    5: "Unacceptable: further controls mandatory",
}
STATUSES = ("open", "controlled", "closed", "transferred")
HIGHEST_ACCEPTABLE = 3  # a hazard rated above this after controls cannot be closed
REQUIRED_FIELDS = (
    "id", "title", "cause", "effect", "severity", "likelihood_before", "likelihood_after",
    "status", "covers", "controls",
)  # fmt: skip
COVERED_KINDS = ("red_flag", "life_threat", "safeguarding", "topic", "disposition")


def risk(severity: str, likelihood: str) -> int:
    return RISK_MATRIX[likelihood][SEVERITIES.index(severity)]


@dataclass(frozen=True)
class Control:
    what: str
    implemented_by: tuple[str, ...] = ()
    tested_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    cause: str
    effect: str
    severity: str
    likelihood_before: str
    likelihood_after: str
    status: str
    covers: tuple[str, ...]
    controls: tuple[Control, ...]
    evidence: tuple[str, ...] = ()
    residual: str = ""
    group: str = ""

    @property
    def risk_before(self) -> int:
        return risk(self.severity, self.likelihood_before)

    @property
    def risk_after(self) -> int:
        return risk(self.severity, self.likelihood_after)

    def references(self) -> list[str]:
        refs = list(self.covers) + list(self.evidence)
        for control in self.controls:
            refs += list(control.implemented_by) + list(control.tested_by)
        return refs


@dataclass
class HazardLog:
    hazards: list[Hazard]
    categories: dict[str, dict]  # emergency category id -> {title, members}
    problems: list[str] = field(default_factory=list)  # found while loading

    def by_id(self) -> dict[str, Hazard]:
        return {h.id: h for h in self.hazards}

    def category_of(self) -> dict[str, str]:
        """Red flag or sign content id -> emergency category id."""
        return {m: c for c, data in self.categories.items() for m in data.get("members", [])}


def load_hazard_log(path: Path) -> HazardLog:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    problems, hazards = [], []
    for entry in data.get("hazards") or []:
        missing = [f for f in REQUIRED_FIELDS if not entry.get(f)]
        if missing:
            problems.append(f"{entry.get('id', '?')}: missing {', '.join(missing)}")
            continue
        controls = tuple(
            Control(
                c.get("what", ""),
                tuple(c.get("implemented_by") or ()),
                tuple(c.get("tested_by") or ()),
            )
            for c in entry["controls"]
        )
        hazards.append(
            Hazard(
                id=entry["id"], title=entry["title"], cause=entry["cause"].strip(),
                effect=entry["effect"].strip(), severity=entry["severity"],
                likelihood_before=entry["likelihood_before"],
                likelihood_after=entry["likelihood_after"], status=entry["status"],
                covers=tuple(entry["covers"]), controls=controls,
                evidence=tuple(entry.get("evidence") or ()),
                residual=(entry.get("residual") or "").strip(), group=entry.get("group", ""),
            )
        )  # fmt: skip
    return HazardLog(hazards, data.get("emergency_categories") or {}, problems)


def check_ratings(log: HazardLog) -> list[str]:
    """Severity, likelihoods and status from the allowed words; stated risks match the matrix;
    nothing still unacceptable is marked closed; controls never raise the likelihood."""
    problems = list(log.problems)
    seen = set()
    for h in log.hazards:
        if h.id in seen:
            problems.append(f"{h.id}: duplicate id")
        seen.add(h.id)
        if h.severity not in SEVERITIES:
            problems.append(f"{h.id}: severity {h.severity!r} not in {SEVERITIES}")
            continue
        for name in ("likelihood_before", "likelihood_after"):
            if getattr(h, name) not in LIKELIHOODS:
                problems.append(f"{h.id}: {name} {getattr(h, name)!r} not in {LIKELIHOODS}")
        if h.status not in STATUSES:
            problems.append(f"{h.id}: status {h.status!r} not in {STATUSES}")
        if problems and problems[-1].startswith(f"{h.id}:"):
            continue
        if LIKELIHOODS.index(h.likelihood_after) > LIKELIHOODS.index(h.likelihood_before):
            problems.append(f"{h.id}: controls cannot make the hazard more likely")
        if h.risk_after > HIGHEST_ACCEPTABLE and h.status == "closed":
            problems.append(f"{h.id}: residual risk {h.risk_after} is unacceptable: not closed")
        if not h.controls or any(not c.what for c in h.controls):
            problems.append(f"{h.id}: every control says what it is")
    return problems


@dataclass
class Catalogue:
    """What references can point at, gathered by the caller (so core reads no database)."""

    content: dict  # content id -> ContentItem
    dispositions: set[str]
    settings: set[str]
    eval_figures: dict[str, dict[str, str]]  # set -> column -> figure
    repo_root: Path
    categories: dict[str, dict] = field(default_factory=dict)
    _tests: dict[str, set[str]] = field(default_factory=dict)

    def test_names(self, path: str) -> set[str]:
        if path not in self._tests:
            file = self.repo_root / path
            names: set[str] = set()
            if file.is_file() and file.suffix == ".py":
                tree = ast.parse(file.read_text(encoding="utf-8"))
                names = {
                    n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)
                }
            self._tests[path] = names
        return self._tests[path]


def expand(ref: str, cat: Catalogue) -> list[str] | None:
    """The content ids or dispositions a reference stands for; None when it points at
    nothing; [] for references that name no content (tests, files, figures, settings)."""
    prefix, _, rest = ref.partition(":")
    if ref in cat.content:
        return [ref]
    if prefix == "topics" and rest.startswith("kind="):
        kind = rest.removeprefix("kind=")
        found = [i for i, item in cat.content.items()
                 if item.kind == "topic" and item.attrs.get("kind") == kind]  # fmt: skip
        return found or None
    if prefix == "emergency_category":
        members = (cat.categories.get(rest) or {}).get("members")
        if not members or any(m not in cat.content for m in members):
            return None
        return list(members)
    if prefix == "disposition":
        return [ref] if rest in cat.dispositions else None
    if prefix == "test":
        path, _, name = rest.partition("::")
        return [] if name and name in cat.test_names(path) else None
    if prefix == "eval":
        set_name, _, column = rest.partition(":")
        return [] if column in cat.eval_figures.get(set_name, {}) else None
    if prefix == "file":
        return [] if rest and (cat.repo_root / rest).exists() else None
    if prefix == "setting":
        return [] if rest in cat.settings else None
    return None


def dangling(log: HazardLog, cat: Catalogue) -> list[str]:
    """Every reference that points at nothing, as "HAZARD: reference"."""
    cat.categories = log.categories
    out = []
    for name, data in log.categories.items():
        for member in data.get("members", []):
            if member not in cat.content:
                out.append(f"emergency_category {name}: {member}")
    for h in log.hazards:
        out += [f"{h.id}: {r}" for r in h.references() if expand(r, cat) is None]
    return out


def coverage(log: HazardLog, cat: Catalogue) -> dict[str, list[str]]:
    """Every red flag, sign, topic and disposition with the hazards whose `covers` hold it."""
    cat.categories = log.categories
    wanted = [i for i, item in cat.content.items() if item.kind in COVERED_KINDS]
    wanted += [f"disposition:{d}" for d in sorted(cat.dispositions)]
    covered: dict[str, list[str]] = {w: [] for w in wanted}
    for h in log.hazards:
        for ref in h.covers:
            for target in expand(ref, cat) or []:
                if target in covered and h.id not in covered[target]:
                    covered[target].append(h.id)
    return covered


def uncovered(log: HazardLog, cat: Catalogue) -> list[str]:
    return [target for target, hazards in coverage(log, cat).items() if not hazards]


__all__ = [
    "LIKELIHOODS",
    "RISK_MATRIX",
    "RISK_MEANING",
    "SEVERITIES",
    "Catalogue",
    "Hazard",
    "HazardLog",
    "check_ratings",
    "coverage",
    "dangling",
    "expand",
    "load_hazard_log",
    "risk",
    "uncovered",
]
