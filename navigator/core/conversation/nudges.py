"""When a follow-up nudge may be sent, what it says, and how to read the reply.

All times are aware datetimes. Offsets are added in UTC (48 hours is 48 real hours even
across a clock change); the daytime window is applied in local wall-clock time, so 09:00 is
09:00 in London in GMT and in BST alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from navigator.core.conversation import wording
from navigator.core.models import Disposition

UTC = dt.UTC
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_DAY_START = dt.time(9, 0)
DEFAULT_DAY_END = dt.time(20, 0)  # exclusive: nothing is sent at 20:00 or later
NUDGE_REPLY_WINDOW_HOURS = 72  # a reply to a nudge is read as one for this long after it

NUDGE_TEXT = wording.text("follow_up.nudge")
HELP_QUESTION = wording.text("follow_up.help_question")


class NudgeAnswer(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


_ANSWER_WORDS = {
    NudgeAnswer.BETTER: (
        "1",
        "better",
        "much better",
        "a bit better",
        "bit better",
        "fine",
        "good",
        "ok now",
        "all good",
        "better thanks",
        "im better",
        "i am better",
        "feeling better",
        "improved",
    ),
    NudgeAnswer.SAME: (
        "2",
        "same",
        "the same",
        "about the same",
        "no change",
        "no better",
        "not better",
        "same really",
        "still the same",
        "not much different",
    ),
    NudgeAnswer.WORSE: (
        "3",
        "worse",
        "much worse",
        "getting worse",
        "bad",
        "really bad",
        "im worse",
        "i am worse",
        "feeling worse",
        "worse now",
        "terrible",
    ),
}
# Consent in ordinary words (content/replies/en.yaml yes_words, no_words), read as plain().
_YES = frozenset(wording.words("yes_words"))
_NO = frozenset(wording.words("no_words"))
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def plain(text: str) -> str:
    """Lower case, apostrophes and punctuation dropped, spaces collapsed: for reply words."""
    text = (text or "").lower().replace("'", "").replace("\u2019", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def read_answer(text: str) -> tuple[NudgeAnswer | None, str]:
    """The 1/2/3 answer at the start of a reply, and whatever else was said after it."""
    words = plain(text)
    for answer, phrases in _ANSWER_WORDS.items():
        for phrase in sorted(phrases, key=len, reverse=True):
            if words == phrase or words.startswith(phrase + " "):
                return answer, words[len(phrase) :].strip()
    return None, words


def read_yes_no(text: str) -> bool | None:
    words = plain(text).removesuffix(" x")  # "yes please x"
    if words in _YES:
        return True
    if words in _NO:
        return False
    return None


@dataclass(frozen=True)
class DaytimeWindow:
    start: dt.time = DEFAULT_DAY_START
    end: dt.time = DEFAULT_DAY_END
    timezone: str = DEFAULT_TIMEZONE

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def parse(cls, start: str, end: str, timezone: str = DEFAULT_TIMEZONE) -> DaytimeWindow:
        window = cls(dt.time.fromisoformat(start), dt.time.fromisoformat(end), timezone)
        if window.start >= window.end:
            raise ValueError("the nudge day must start before it ends")
        return window

    def contains(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.tz).time()
        return self.start <= local < self.end

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """The moment itself when inside the window, else the next window start (UTC)."""
        if self.contains(moment):
            return moment.astimezone(UTC)
        local = moment.astimezone(self.tz)
        day = local.date() if local.time() < self.start else local.date() + dt.timedelta(days=1)
        opening = dt.datetime.combine(day, self.start, tzinfo=self.tz)
        return opening.astimezone(UTC)


DEFAULT_WINDOW = DaytimeWindow()


def due_time(
    consented_at: dt.datetime, after_hours: float, window: DaytimeWindow = DEFAULT_WINDOW
) -> dt.datetime:
    """When to send a nudge: `after_hours` real hours later, moved into the daytime window."""
    if consented_at.tzinfo is None:
        raise ValueError("consented_at must be timezone-aware")
    target = consented_at.astimezone(UTC) + dt.timedelta(hours=after_hours)
    return window.next_opening(target)


def days_phrase(after_hours: float) -> str:
    days = round(after_hours / 24)
    if days <= 0:
        return wording.text("follow_up.later_today")
    return (
        wording.text("follow_up.tomorrow")
        if days == 1
        else wording.text("follow_up.in_days", days=days)
    )


def offer_text(after_hours: float) -> str:
    return wording.text("follow_up.offer", when=days_phrase(after_hours))


# "Worse" never gets less help than the first answer: a step up, to a clinician at least.
_ESCALATION = {
    Disposition.UNCLEAR: Disposition.NHS_111,
    Disposition.COMMUNITY: Disposition.COMMUNITY,  # social needs: services again, plus crisis lines
    Disposition.SELF_CARE: Disposition.NHS_111,
    Disposition.PHARMACY: Disposition.NHS_111,
    Disposition.DENTAL: Disposition.NHS_111,
    Disposition.GP: Disposition.NHS_111,
    Disposition.NHS_111: Disposition.URGENT_CARE,
    Disposition.URGENT_CARE: Disposition.A_AND_E,
}


def escalate(first: Disposition) -> Disposition:
    """The least help a resident who is worse gets: never below `first`."""
    return _ESCALATION.get(first, first)
