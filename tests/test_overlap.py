"""Evaluation is sacred: no corpus message, rule example, vocabulary phrase or test
expectation may be the same message as (or a near copy of) a line of a frozen evaluation set.
A near copy is the same words once case, accents, punctuation and spacing are folded, or a
rapidfuzz ratio of 95 or more between the folded texts."""

import re
from pathlib import Path

import pytest
import yaml

from navigator.learning.corpus import fold, load_corpus, load_evaluation, overlaps
from navigator.paths import CONTENT_DIR, CORPUS_DIR, EVALUATION_DIR

FROZEN = [e.text for e in load_evaluation(EVALUATION_DIR)]
# Evaluation sets spent after their first-contact figure was committed: they may train the
# model (they are in the corpus) but never enter rules, vocabularies or test expectations.
SPENT = [e.text for e in load_evaluation(CORPUS_DIR / "spent" / "evaluation")]
TESTS_DIR = Path(__file__).parent
_QUOTED = re.compile(r"""(?:"([^"\n]{12,})"|'([^'\n]{12,})')""")


def _rule_examples() -> list[str]:
    examples = []
    for path in sorted((CONTENT_DIR / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules", []) + data.get("signs", []):
            examples += list(rule.get("must_catch") or []) + list(rule.get("must_not_catch") or [])
    return examples


def _vocabulary_phrases() -> list[str]:
    phrases = []
    for path in sorted((CONTENT_DIR / "rules" / "languages").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for concept in (data.get("concepts") or {}).values():
            phrases += [str(p) for p in concept.get("phrases") or ()]
    return phrases


def _test_strings() -> list[str]:
    found = []
    for path in TESTS_DIR.rglob("*.py"):
        for m in _QUOTED.finditer(path.read_text(encoding="utf-8")):
            found.append(m.group(1) or m.group(2))
    return found


def test_there_are_frozen_sets():
    assert len(FROZEN) >= 900
    assert len(SPENT) >= 900


def _corpus() -> list[str]:
    return [e.text for e in load_corpus(CORPUS_DIR)]


# Frozen sets: nothing may copy them. Spent sets train the model (they are in the corpus) but
# may not become rules, vocabularies or test expectations.
@pytest.mark.parametrize(
    ("what", "texts", "against"),
    [
        ("corpus", _corpus, "frozen"),
        *((name, texts, against) for name, texts in (
            ("rule examples", _rule_examples),
            ("vocabulary phrases", _vocabulary_phrases),
            ("test expectations", _test_strings),
        ) for against in ("frozen", "spent")),
    ],
)  # fmt: skip
def test_nothing_copies_an_evaluation_line(what, texts, against):
    copied = overlaps(texts(), FROZEN if against == "frozen" else SPENT)
    assert copied == [], f"{what} copies {against} evaluation lines: {copied[:5]}"


def test_the_overlap_check_catches_a_near_copy():
    line = FROZEN[0]
    assert overlaps([line.upper() + "!!"], FROZEN), "an exact copy in other case must be caught"
    assert overlaps([fold(line)], FROZEN)
