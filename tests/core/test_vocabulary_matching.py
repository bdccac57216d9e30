"""How another language's vocabulary is matched: negation reaches only its own clause, and a
phrase said twice counts where it is not denied."""

from navigator.core.models import Disposition
from navigator.core.triage.language import fold
from navigator.core.triage.vocabulary import _WORDS, Phrase, Vocabulary, word_pieces


def _vocabulary() -> Vocabulary:
    phrases = (Phrase.of("sinieje"),)
    return Vocabulary("pl", "draft", ("nie",), (), (("blue", Disposition.EMERGENCY_999, phrases),))


def test_a_negation_in_the_clause_before_does_not_deny_the_sign():
    assert _vocabulary().find("inhalator nie pomaga, sinieje")


def test_a_negation_right_before_the_sign_denies_it():
    assert not _vocabulary().find("on nie sinieje")


def test_a_denied_mention_does_not_hide_a_later_one():
    assert _vocabulary().find("rano nie sinieje. teraz sinieje i dyszy")


def test_a_negation_after_is_read_after_the_whole_phrase():
    """Languages that negate after ("ruk nahi raha": not stopping): a phrase whose own words
    include the negation is not cancelled by itself when its words are spread out."""
    phrases = (Phrase.of("khoon ruk nahi"),)
    vocabulary = Vocabulary(
        "hi", "draft", (), ("nahi",), (("bleeding", Disposition.EMERGENCY_999, phrases),)
    )
    assert vocabulary.find("khoon bahut beh raha hai ruk nahi raha")
    assert not Vocabulary(
        "hi", "draft", (), ("nahi",), (("x", Disposition.EMERGENCY_999, (Phrase.of("khoon beh"),)),)
    ).find("khoon beh raha nahi")


# Speed: a phrase is looked for only when its first word's start is among the message's word
# pieces. That must be the same test as `first in folded`, for every phrase start listed.
SAMPLES = (
    "mój syn ma ból w klatce piersiowej i nie może oddychać",
    "خون بہت بہہ رہا ہے, سانس نہیں آ رہی",
    "他昏迷了, 呼吸困难",
    "nu pot respira. durere in piept!!",
    "sore throat 3 days",
    "",
)


def test_word_pieces_hold_every_phrase_start_the_text_holds(knowledge):
    for text in SAMPLES:
        folded = fold(text)
        for vocabulary in knowledge.vocabularies.values():
            pieces = word_pieces(_WORDS.findall(folded), vocabulary.longest_first)
            for _, _, phrases in vocabulary.concepts:
                for phrase in phrases:
                    assert (phrase.first in pieces) == (phrase.first in folded), phrase.first


def test_a_phrase_start_of_no_word_characters_is_looked_for_in_the_text():
    odd = Phrase.of("+!+!")
    assert odd.first == "+!+!"
    vocabulary = Vocabulary("xx", "draft", (), (), (("odd", Disposition.NHS_111, (odd,)),))
    assert vocabulary.find("a +!+! b")
    assert not vocabulary.find("a +! b")
