"""Keywords that work at any point (SPEC 5.1.6), matched on the whole trimmed message after
nudges.plain(): never a substring, so "stop" inside a sentence is just a word.

STOP and its carrier-standard variants opt out (Twilio's list plus everyday phrasings);
START/UNSTOP opt back in; YES is also Twilio's opt-in word and is read in context first.
"""

from __future__ import annotations

import re

OPT_OUT_WORDS = frozenset(
    [
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "revoke",
        "optout",
        "opt out",
        "stop texting me",
        "stop texting",
        "stop messaging me",
        "please stop",
        "stop please",
        "stop sending me texts",
        "stop sending me messages",
        "dont text me",
        "do not text me",
        "no more texts",
        "stop the texts",
        "unsubscribe me",
    ]
)
OPT_IN_WORDS = frozenset({"start", "unstop"})
YES_OPT_IN = frozenset({"yes", "y"})  # Twilio's opt-in word, read in context
HELP_WORDS = frozenset({"help", "info"})
RESET_WORDS = frozenset({"reset", "restart", "start again", "start over"})
REPORT = re.compile(r"^(wrong|closed|report)\s*(\d{1,2})$")
