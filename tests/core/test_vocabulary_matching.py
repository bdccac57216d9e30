"""How another language's vocabulary is matched: negation reaches only its own clause, and a
phrase said twice counts where it is not denied."""

from navigator.core.models import Disposition
from navigator.core.triage.vocabulary import Phrase, Vocabulary


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
