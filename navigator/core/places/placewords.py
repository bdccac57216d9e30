"""Which ordinary English words would a fuzzy matcher take for a place? The audit behind
places.yaml's not_places: `python -m navigator.core.places.placewords /usr/share/dict/british-english`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from navigator.core.places.gazetteer import Gazetteer, load_gazetteer
from navigator.core.places.matches import normalise_text


def audit_words(words: list[str], gazetteer: Gazetteer | None = None) -> list[str]:
    """Words of an English word list that would fuzzy-match a place name, or a word of a
    several-word name made only of ordinary words ("city centres", "gay villages"): the
    candidates for not_places. "whalley ranger" is no risk: nobody says "whalley" by chance."""
    gaz = gazetteer or load_gazetteer()
    vocabulary = {normalise_text(w) for w in words}
    ordinary = {normalise_text(w) for w in words if w.islower()}  # not proper nouns
    phrases = {name for names in gaz.phrases_by_word.values() for name in names}
    risky = {
        target
        for name in phrases
        for target in name.split()
        if all(word in ordinary for word in name.split())
    }
    hits = set()
    for norm in vocabulary:
        if " " in norm or norm in gaz.names or norm in gaz.not_places:
            continue
        if gaz._fuzzy_word(norm) or any(gaz._word_close(norm, t) for t in risky if t != norm):
            hits.add(norm)
    return sorted(hits)


if __name__ == "__main__":  # python -m navigator.core.places.placewords FILE
    if len(sys.argv) == 2:
        print("\n".join(audit_words(Path(sys.argv[1]).read_text(encoding="utf-8").split())))
    else:
        print(__doc__)
