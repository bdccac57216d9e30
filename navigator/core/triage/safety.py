"""Red-flag rules (content/rules/red_flags.yaml): checked first, on the raw and the normalised
text, before any topic matching. A rule that fires is a floor no later rule can lower.

Negation stops a rule ("no chest pain"); doubt does not ("not sure if it's chest pain").
A past-time marker in the same stretch of text stops a rule ("had a stroke
in 2019"). Each rule carries phrases it must and must not catch; tests run them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from navigator.core.conversation import wording
from navigator.core.models import Disposition
from navigator.core.triage import conditions
from navigator.core.triage.alarm import AlarmScore
from navigator.core.triage.anchors import PatternFilter
from navigator.core.triage.settling import Settling
from navigator.core.triage.text import (
    CLAUSE_BREAK,
    SOFT_BREAK,
    Message,
    all_matches,
    clause_before,
    sentence_end,
    sentence_start,
)

GAP = r"(?: [^ .]+){0,3}"  # `~` in a pattern: up to three words, never across a clause break
WIDE_GAP = r"(?: [^ .]+){0,6}"  # `~~`: up to six words
_MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True)
class RedFlagHit:
    rule_id: str
    disposition: Disposition
    say: str
    source: str
    matched: str
    settled: bool = False  # a sign told as over: a floor, not an alarm (no red flag fired)


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    disposition: Disposition
    say: str
    source: str
    match: tuple[re.Pattern, ...]
    requires_any: tuple[re.Pattern, ...]
    unless_any: tuple[re.Pattern, ...]
    settled_any: tuple[re.Pattern, ...]
    settled_floor: Disposition  # what a sign told as settled still gets (nhs.uk: see a GP)
    # UNSETTLED words this rule does not count: breathless on the stairs at 30 weeks, fine at
    # rest, is settled; a faint in pregnancy is not
    settles_despite: re.Pattern | None
    when: dict
    history_sensitive: bool
    must_catch: tuple[str, ...]
    must_not_catch: tuple[str, ...]


def _compile(pattern: str, concepts: dict[str, str], where: str) -> re.Pattern:
    def expand(m: re.Match) -> str:
        name = m.group(1)
        if name not in concepts:
            raise ValueError(f"{where}: unknown concept {{{name}}}")
        return f"(?:{_MACRO.sub(expand, concepts[name])})"  # a concept may name another

    body = _MACRO.sub(expand, pattern).replace(" ~~ ", WIDE_GAP + " ").replace(" ~ ", GAP + " ")
    body = body.replace(" ~~", WIDE_GAP).replace(" ~", GAP)  # a gap at the end of a pattern
    try:
        return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc


class SafetyRules:
    def __init__(self, data: dict, alarm: dict | None = None, prefilter: bool = True):
        """`prefilter`: skip a rule when the message holds none of its anchor words (the
        rule could not match; anchors.py). Off only to test that it changes nothing."""
        self.alarm = AlarmScore.from_dict(alarm, prefilter) if alarm else None
        concepts = {k: str(v) for k, v in (data.get("concepts") or {}).items()}
        self.history = _compile(concepts.get("HISTORY", "a^"), concepts, "HISTORY")
        self.long_ago = _compile(concepts.get("LONG_AGO", "a^"), concepts, "LONG_AGO")
        self.recent = _compile(concepts.get("RECENT", "a^"), concepts, "RECENT")
        self.idiom = _compile(concepts.get("DENY_IDIOM", "a^"), concepts, "DENY_IDIOM")
        self.talk_about = _compile(concepts.get("TALK_ABOUT", "a^"), concepts, "TALK_ABOUT")
        self.hypothetical = _compile(concepts.get("HYPOTHETICAL", "a^"), concepts, "HYPOTHETICAL")
        self.admitted = _compile(concepts.get("ADMITTED", "a^"), concepts, "ADMITTED")
        self.animal = _compile(concepts.get("ANIMAL", "a^"), concepts, "ANIMAL")
        # a figure of speech in the sentence of a match: "gonna die if I eat more broccoli"
        self.figurative = _compile(concepts.get("FIGURATIVE", "a^"), concepts, "FIGURATIVE")
        self.person = _compile(concepts.get("PERSON_WORDS", "a^"), concepts, "PERSON_WORDS")
        # a film, the news or a game told in the clause before a match: "in the film he collapsed"
        self.story = _compile(concepts.get("STORY", "a^"), concepts, "STORY")
        # a red feature or a new start after a settled phrase: "came round but still pale"
        self.settling = Settling(
            _compile(concepts.get("UNSETTLED", "a^"), concepts, "UNSETTLED"),
            _compile(concepts.get("WAS_THERE", "a^"), concepts, "WAS_THERE"),
        )
        self.rules = tuple(self._rule(r, concepts) for r in data.get("rules") or ())
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("red_flags.yaml: duplicate rule ids")
        self._position = {rule_id: i for i, rule_id in enumerate(ids)}
        self.filter = PatternFilter((r.match for r in self.rules), prefilter)

    @staticmethod
    def _rule(raw: dict, concepts: dict[str, str]) -> RedFlagRule:
        rid = raw["id"]

        def patterns(key: str) -> tuple[re.Pattern, ...]:
            return tuple(_compile(p, concepts, f"{rid}.{key}") for p in raw.get(key) or ())

        if not raw.get("match"):
            raise ValueError(f"red flag {rid}: needs at least one match pattern")
        disposition = Disposition(raw["disposition"])
        if raw.get("settled_any") and disposition.is_emergency:
            # "fine now" may calm a faint told afterwards, never an emergency sign
            raise ValueError(f"red flag {rid}: settled_any is for rules below an emergency")
        return RedFlagRule(
            id=rid,
            disposition=disposition,
            say=raw["say"],
            source=raw["source"],
            match=patterns("match"),
            requires_any=patterns("requires_any"),
            unless_any=patterns("unless_any"),
            settled_any=patterns("settled_any"),
            settled_floor=Disposition(raw.get("settled_floor", "gp")),
            settles_despite=(
                _compile(raw["settles_despite"], concepts, f"{rid}.settles_despite")
                if raw.get("settles_despite")
                else None
            ),
            when=conditions.validate(dict(raw.get("when") or {}), f"red flag {rid}"),
            # Every rule reads history unless it says otherwise: "stabbed years ago" is not now.
            history_sensitive=bool(raw.get("history_sensitive", True)),
            must_catch=tuple(raw.get("must_catch") or ()),
            must_not_catch=tuple(raw.get("must_not_catch") or ()),
        )

    def check(
        self, message: Message, ctx: conditions.Context, vetoed: list[str] | None = None
    ) -> list[RedFlagHit]:
        """Every rule that fires, most urgent first. Runs on the normalised text and, when
        spelling correction changed it, on the text as written too. Rules whose words were
        found but which something stopped are added to `vetoed`, with what stopped them."""
        readings = message.readings
        hits = []
        stopped = vetoed if vetoed is not None else []
        live = self.filter.live(r.text for r in readings)
        for rule, patterns in zip(self.rules, live, strict=True):
            if not patterns:
                continue  # none of its anchor words: none of its patterns can match
            settled: list[str] = []
            matched = self._fires(rule, readings, ctx, stopped, patterns, settled)
            if matched is not None:
                hits.append(RedFlagHit(rule.id, rule.disposition, rule.say, rule.source, matched))
            elif settled:  # told as over: no longer today's 111, still a clinician's question
                say, rid = wording.text("why.settled"), f"{rule.id}:settled"
                hits.append(RedFlagHit(rid, rule.settled_floor, say, rule.source, settled[0], True))
        if self.alarm and not any(h.disposition.is_emergency for h in hits):
            hit = self._alarm_hit(message)
            if hit:
                hits.append(hit)
        hits.sort(key=lambda h: -h.disposition.acuity)
        return hits

    def any_fires(self, rules, message: Message, ctx: conditions.Context) -> bool:
        """Whether any of these rules fires for this message in this context."""
        readings = message.readings
        live = self.filter.live(r.text for r in readings)
        for rule in rules:
            i = self._position.get(rule.id)
            patterns = live[i] if i is not None and self.rules[i] is rule else rule.match
            if patterns and self._fires(rule, readings, ctx, [], patterns) is not None:
                return True
        return False

    def _alarm_hit(self, message: Message) -> RedFlagHit | None:
        """Several alarming things said at once, with no question, past, idiom or pet."""
        alarm = self.alarm
        if alarm is None:
            return None
        score = alarm.score(message)
        if score < alarm.threshold or self.benign_context(message):
            return None
        text = message.text
        if self.animal.search(text) and not self.person.search(text):
            return None
        severe = score >= alarm.severe_threshold
        return RedFlagHit(
            "alarm_score",
            Disposition.EMERGENCY_999 if severe else alarm.disposition,
            alarm.say,
            alarm.source,
            f"score {score}",
        )

    def _fires(
        self,
        rule: RedFlagRule,
        readings: list[Message],
        ctx,
        vetoed: list[str],
        patterns: tuple[re.Pattern, ...],
        settled: list[str] | None = None,
    ) -> str | None:
        """`patterns`: the rule's match patterns that may match (PatternFilter.live);
        `settled` collects the matches that only a settled phrase stopped."""
        if rule.when and not conditions.holds(rule.when, ctx):
            return None
        stopped_by = ""
        for reading in readings:
            text = reading.text
            for pattern in patterns:
                for m in all_matches(pattern, text):
                    why = self._stopped(rule, text, m, reading)
                    if not why:
                        return m.group(0)
                    if why == "settled" and settled is not None:
                        settled.append(m.group(0))
                    stopped_by = stopped_by or f"{rule.id} ({m.group(0)!r}: {why})"
        if stopped_by:
            vetoed.append(stopped_by)
        return None

    def _stopped(self, rule: RedFlagRule, text: str, m: re.Match, reading: Message) -> str:
        """What stops this match, or "" when nothing does."""
        if reading.span_negated(reading.token_index_at(m.start())):
            return "negated"
        if self._explained_away(rule, text, m, reading):
            return "unless"
        if rule.history_sensitive and self._in_past(text, m):
            return "past"
        if self._not_about_a_person_now(text, m):
            return wording.text("explain.not_about_a_person_now")
        if rule.requires_any and not _requires(rule, text, m, reading):
            return "no co-feature"
        if self.settling.settled(rule, text, m, reading):  # last: it leaves a floor, the others none
            return "settled"
        return ""

    @staticmethod
    def _explained_away(rule: RedFlagRule, text: str, m: re.Match, reading: Message) -> bool:
        """An unless-phrase, said and not denied, in the stretch of text of the match or the
        one after it: "flu jabs" at the end of a long message does not explain away a
        drooping face earlier on."""
        if not rule.unless_any:
            return False
        start, end = segment_bounds(text, m.start(), m.end())
        if end < len(text):  # and a short stretch just after: "choked on my drink but fine now"
            after = segment_bounds(text, end + 3, end + 3)[1]
            if len(text[end + 3 : after].split()) <= SHORT_AFTERWORD_WORDS:
                end = after
        return any(
            start <= found.start() < end
            and not reading.span_negated(reading.token_index_at(found.start()))
            for pattern in rule.unless_any
            for found in all_matches(pattern, text)
        )

    def _in_past(self, text: str, m: re.Match) -> bool:
        """A past-time marker in the same stretch of text: up to a full stop or a comma, so
        "chest pain, he had a heart attack 3 years ago" still fires for the chest pain."""
        left, right = segment_bounds(text, m.start(), m.end())
        segment = text[left:right]
        past = self.history.search(segment)
        if not past:
            return False
        # "had chemo last week and now has a temperature": a present marker after the past
        # one and before the end of the match puts the match back in the present, and so does
        # one straight after the match ("had a fit years ago and he's fitting now"); "had a
        # stroke 3 years ago and I care for him now" stays in the past.
        if _RIGHT_AFTER_PRESENT.match(text, m.end()) and past.end() <= m.start() - left:
            return False
        return not _PRESENT.search(segment, past.end(), max(past.end(), m.end() - left))

    def _not_about_a_person_now(self, text: str, m: re.Match) -> bool:
        """A question about signs ("what should I do if someone has a seizure?") or a pet
        ("my cat is having a fit") in the same stretch of text as the match."""
        sentence = sentence_around(text, m.start(), m.end())
        if self.figurative.search(sentence):
            return True
        # a question, unless the message says it is about something done ("can you die from
        # 40 paracetamol? i took them an hour ago")
        if self.hypothetical.search(sentence) and not self.admitted.search(text):
            return True
        if self._told_as_a_story(text, m):
            return True
        if not self.animal.search(sentence):
            return False
        # a person counts unless they are only the pet's owner ("my daughter's hamster")
        for person in self.person.finditer(sentence):
            if not self.animal.match(sentence, person.end() + 1):
                return False
        return True

    def _told_as_a_story(self, text: str, m: re.Match) -> bool:
        """A story frame in the clause in front of the match ("in the film she stops
        breathing", "on the news a man was stabbed"); a new clause puts it back in life."""
        left = text.rfind(f" {CLAUSE_BREAK} ", 0, m.start())
        before = text[left + 3 if left >= 0 else 0 : m.start()]
        return bool(self.story.search(clause_before(before)))

    def benign_context(self, message: Message) -> bool:
        """An idiom, a past event or talk about a topic ("a film", "at school") anywhere."""
        return bool(
            self.history.search(message.text)
            or self.idiom.search(message.text)
            or self.talk_about.search(message.text)
        )


SHORT_AFTERWORD_WORDS = 4  # "but fine now" after a match can explain it away; a new topic cannot
_RIGHT_AFTER_PRESENT = re.compile(r" (?:right now|now|again|still|atm|at the moment)\b")
_PRESENT = re.compile(
    r"\b(now|today|tonight|this morning|this evening|again|still|currently|right now|is back|keeps|"
    r"has come back|come back|came back|returned)\b"
)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around a match: bounded by full stops and other hard breaks only."""
    return text[sentence_start(text, start) : sentence_end(text, end)]


def any_fired(flags: list[RedFlagHit]) -> bool:
    """Whether a red flag fired: a settled sign's floor is not one."""
    return any(not flag.settled for flag in flags)


def segment_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the comma- or full-stop-bounded stretch around a match starts and ends."""
    left = max(text.rfind(f" {CLAUSE_BREAK} ", 0, start), text.rfind(f" {SOFT_BREAK} ", 0, start))
    rights = [
        i
        for i in (text.find(f" {CLAUSE_BREAK} ", end), text.find(f" {SOFT_BREAK} ", end))
        if i >= 0
    ]
    return (left + 1 if left >= 0 else 0), (min(rights) if rights else len(text))


def segment_around(text: str, start: int, end: int) -> str:
    """The stretch of text around a match, bounded by full stops and commas."""
    left, right = segment_bounds(text, start, end)
    return text[left:right]


def _requires(rule: RedFlagRule, text: str, m: re.Match, message: Message) -> bool:
    """A co-feature, not negated, found outside the words that matched ("crushing" beside
    "chest pain"). The match is blanked out, keeping offsets, so token positions still hold."""
    rest = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    for pattern in rule.requires_any:
        for found in pattern.finditer(rest):
            if not found.group(0).strip():
                continue
            if not message.span_negated(message.token_index_at(found.start())):
                return True
    return False
