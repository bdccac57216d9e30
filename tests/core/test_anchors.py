"""The anchor-word prefilter (navigator/core/triage/anchors.py) changes no triage outcome.

A rule, sign or alarm phrase is skipped only when the message holds none of the anchor words
read from its patterns. Checked three ways: the reading of a pattern against the regex
engine on random patterns and texts; every rule and sign with anchors against its own
examples; and the rules with the prefilter on and off, on the examples and variants of them.
"""

from __future__ import annotations

import random
import re

import pytest

from navigator.core.triage.anchors import AnchorIndex, PatternFilter, anchors
from navigator.core.triage.lifethreats import LifeThreats
from navigator.core.triage.pipeline import _yaml, read
from navigator.core.triage.safety import SafetyRules
from navigator.paths import RULES_DIR


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("chest pain", {"chest pain"}),
        ("(?<![a-z0-9])(?:chest|sternum)(?![a-z0-9])", {"chest", "sternum"}),
        ("(chest|breastbone) (?: [^ .]+){0,3} (pain|ache)", {"chest ", "breastbone "}),
        ("sweat\\w*", {"sweat"}),
        ("(a|b)(c|d)", {"ac", "ad", "bc", "bd"}),
        ("lips? blue", {"lip blue", "lips blue"}),
        ("(gone |going )?blue", {"blue"}),
        ("x{2}y", {"xxy"}),
        ("[ab]c", {"ac", "bc"}),
        ("\\bpg\\b", {"pg"}),
        ("(?:abc)+d", {"abc"}),
        ("(?=now)now|later", {"now", "later"}),
    ],
)
def test_anchors_read_from_a_pattern(pattern, expected):
    assert anchors(re.compile(pattern)) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern", ["\\d+", ".*", "(temperature|\\d)", "[a-z]+", "(?i)chest", "(x)?y?", "(.)\\1", ""]
)
def test_a_pattern_with_nothing_certain_in_it_has_no_anchors(pattern):
    assert anchors(re.compile(pattern)) is None


def test_a_filter_keeps_the_patterns_that_may_match_in_their_order():
    chest, number, blue = re.compile("chest"), re.compile("\\d+"), re.compile("blue lips?")
    patterns = PatternFilter([(blue, chest), (number,), ()])
    assert patterns.live(["chest pain"]) == [(chest,), (number,), ()]
    assert patterns.live(["no", "chest and blue lip"]) == [(blue, chest), (number,), ()]
    assert patterns.unanchored() == [number]
    everything = PatternFilter([(blue, chest), (number,)], prefilter=False)
    assert everything.live(["x"]) == [(blue, chest), (number,)]


# Random patterns over a few letters, and random texts over the same letters: a text the
# pattern matches always holds one of its anchors.
_PIECES = ("a", "b", "ab", "ba", " ", "c", "[ab]", "[^a]", ".", "\\w", "\\b", "(?<!a)", "(?!b)")


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.2 and depth < 3:
            choices = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(2, 3))]
            parts.append(f"(?:{'|'.join(choices)})")
        elif roll < 0.35 and depth < 3:
            quantifier = rng.choice(["?", "*", "+", "{2}", "{1,3}", "{0,2}", "+?", "{3}"])
            parts.append(f"(?:{_random_pattern(rng, depth + 1)}){quantifier}")
        else:
            parts.append(rng.choice(_PIECES))
    return "".join(parts)


def test_anchors_never_miss_a_match_of_random_patterns():
    rng = random.Random(20260105)
    texts = ["".join(rng.choice("ab c") for _ in range(rng.randint(0, 12))) for _ in range(300)]
    for _ in range(1500):
        pattern = re.compile(_random_pattern(rng))
        found = anchors(pattern)
        if found is None:
            continue
        for text in texts:
            if pattern.search(text):
                assert any(a in text for a in found), (pattern.pattern, text)


def test_an_index_names_every_group_a_text_may_match():
    index = AnchorIndex(
        [frozenset({"chest", "sternum"}), None, frozenset({"od"}), frozenset({"blue lips"})]
    )
    assert index.candidates(["crushing chest pain"]) == {0, 1}
    assert index.candidates(["took an od", "lips blue"]) == {1, 2}
    assert index.candidates(["", "blue lips"]) == {1, 3}


# --- the rules as shipped ---------------------------------------------------------------------

RED_FLAGS = _yaml(RULES_DIR / "red_flags.yaml")
ALARM = _yaml(RULES_DIR / "alarm.yaml")
LIFE = _yaml(RULES_DIR / "life_threats.yaml")
SAFEGUARDING = {**{k: v for k, v in LIFE.items() if k != "signs"}, **_yaml(RULES_DIR / "safeguarding.yaml")}


def _examples() -> list[str]:
    found = []
    for rule in RED_FLAGS["rules"] + LIFE["signs"] + SAFEGUARDING["signs"]:
        found += list(rule.get("must_catch") or ()) + list(rule.get("must_not_catch") or ())
    return found


EXAMPLES = _examples()


def _filters(knowledge) -> list[tuple[PatternFilter, tuple]]:
    return [(knowledge.safety.filter, knowledge.safety.rules)] + [
        (threats.filter, threats.signs) for threats in (knowledge.life_threats, knowledge.safeguarding)
    ]


def test_most_patterns_have_anchors(knowledge):
    """The prefilter is doing its job; a pattern without anchors is still always run."""
    for patterns, rules in _filters(knowledge):
        every = [p for rule in rules for p in rule.match]
        assert len(patterns.unanchored()) <= 0.05 * len(every)


def test_every_pattern_that_matches_its_own_examples_is_kept_for_them(knowledge):
    """Each rule's and sign's must_catch examples: every pattern that matches a reading of
    one is among the live patterns for it (and the rule still fires: test_safety.py)."""
    for patterns, rules in _filters(knowledge):
        for i, rule in enumerate(rules):
            for example in rule.must_catch:
                texts = [r.text for r in knowledge.read(example).readings]
                live = patterns.live(texts)[i]
                matching = [p for p in rule.match if any(p.search(t) for t in texts)]
                assert matching, (rule.id, example)
                assert all(p in live for p in matching), (rule.id, example)


def _variants(texts: list[str], rng: random.Random) -> list[str]:
    """Each example with a word dropped, two words swapped, or another example joined on."""
    out = []
    for text in texts:
        words = text.split()
        if len(words) > 1:
            i = rng.randrange(len(words))
            out.append(" ".join(words[:i] + words[i + 1 :]))
            j = rng.randrange(len(words))
            words[i], words[j] = words[j], words[i]
            out.append(" ".join(words))
        out.append(f"{text}. {rng.choice(texts)}")
    return out


def test_prefiltered_and_unfiltered_rules_agree(knowledge):
    safety_off = SafetyRules(RED_FLAGS, alarm=ALARM, prefilter=False)
    life_off = LifeThreats(LIFE, prefilter=False)
    safeguarding_off = LifeThreats(SAFEGUARDING, prefix="safeguarding", prefilter=False)
    rng = random.Random(9)
    messages = EXAMPLES + _variants(rng.sample(EXAMPLES, 400), rng)
    for text in messages:
        reading = read(text, knowledge)
        message, ctx = reading.message, reading.ctx
        vetoed_on: list[str] = []
        vetoed_off: list[str] = []
        assert knowledge.safety.check(message, ctx, vetoed_on) == safety_off.check(
            message, ctx, vetoed_off
        ), text
        assert vetoed_on == vetoed_off, text
        assert knowledge.life_threats.check(message) == life_off.check(message), text
        assert knowledge.safeguarding.check(message) == safeguarding_off.check(message), text
        assert knowledge.safety.any_fires(
            knowledge.safety.rules[:20], message, ctx
        ) == safety_off.any_fires(safety_off.rules[:20], message, ctx), text
