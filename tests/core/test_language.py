"""Messages in other languages: detected, read by their own vocabulary, and never by an
English rule that mistakes one of their words for English ("od" is not "overdose")."""

from types import SimpleNamespace

import pytest

from navigator.core.models import Disposition
from navigator.core.triage import language
from navigator.core.triage.language import UNKNOWN, Language
from navigator.core.triage.model import Opinion
from navigator.core.triage.pipeline import triage
from navigator.core.triage.stages import other_language_default

ENGLISH = [
    "hi",
    "help",
    "ok",
    "sore throat",
    "ma bby has a temp n rash",
    "me nan's proper poorly, been mithering all week",
    "cnt breeve",
    "my dad has crushing chest pain going down his left arm",
    "toothache M22",
    "need a food bank in wythenshawe",
]
SCRIPTS = [
    ("والدي لا يستطيع التنفس", "ar"),
    ("میرے ابو کو سینے میں درد ہے", "ur"),
    ("پدرم نفس نمی کشد", "fa"),
    ("我爸爸胸口很痛", "zh"),
    ("আমার বাবার বুকে ব্যথা", "bn"),
    ("ਮੇਰੇ ਪਿਤਾ ਜੀ ਨੂੰ ਛਾਤੀ ਵਿੱਚ ਦਰਦ", "pa"),
    ("मेरे पापा को सीने में दर्द है", "hi"),
]
# Everyday messages in other languages whose words look like English abbreviations or words.
NOT_EMERGENCIES = [
    "Boli mnie gardlo od trzech dni, mieszkam w Longsight",
    "Mam katar od wczoraj i troche kaszle",
    "Ma doare gatul de doua zile, care farmacie e deschisa",
    "Tenho dor de dentes desde ontem, preciso de um dentista",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_stays_english(text, knowledge):
    assert language.detect(text, knowledge.common_english).code == "en"


@pytest.mark.parametrize(("text", "code"), SCRIPTS)
def test_script_names_the_language(text, code, knowledge):
    assert language.detect(text, knowledge.common_english).code == code


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_no_english_rule_fires_on_a_word_of_another_language(text, knowledge):
    result = triage(text, knowledge)
    assert result.language != "en"
    assert result.red_flags == [], [h.rule_id for h in result.red_flags]
    assert not result.disposition.is_emergency


def test_the_english_view_keeps_only_english_words(knowledge):
    view = language.english_view("Boli mnie gardlo od trzech dni, GP closed", knowledge.english)
    assert "od" not in view.split()
    assert "closed" in view


def test_a_message_nobody_can_read_goes_to_111_not_unclear(knowledge):
    result = triage("xqzv wuuqa lorrim feskat dunnobi", knowledge)
    assert result.language != "en"
    assert result.disposition is Disposition.NHS_111


def test_arabizi_is_read_as_arabic_even_when_its_words_look_english(knowledge):
    from navigator.core.triage.language import detect

    # "mish" and "baba" share letters with English words; the digits stand for Arabic sounds
    for text in ("baba mish bi tnaffas", "3ndi wja3 kbir f sadri"):
        assert detect(text, knowledge.common_english).code == "ar"


# Latin letters without accents: fastText reads these poorly, their common words tell them.
UNACCENTED = [
    ("aabahay wuu xanuunayaa waana ku dhacay dhulka", "so"),
    ("sotul meu nu poate sa respire si are dureri foarte mari", "ro"),
    ("bacham kheili tab dare va nemitoone gaza bokhore", "fa"),
    ("amar matha khub byatha korche ekhon", "bn"),
    ("mainu chhati vich bahut dard honda paaji", "pa"),
]


@pytest.mark.parametrize(("text", "code"), UNACCENTED)
def test_the_language_with_most_marker_words_is_chosen(text, code, knowledge):
    from navigator.core.triage.language import detect

    assert detect(text, knowledge.common_english).code == code


def test_words_two_languages_share_decide_nothing_alone(knowledge):
    from navigator.core.triage.language import ROMAN_MARKERS, _most_marked

    # "nu" is a Punjabi and a Romanian marker: with "de" it would have been Punjabi (the
    # first language with two), but the Romanian words around it win
    assert "nu" in ROMAN_MARKERS["pa"] & ROMAN_MARKERS["ro"]
    assert _most_marked(["de", "nu"]) == "pa"
    assert _most_marked(["de", "nu", "este", "foarte"]) == "ro"
    assert _most_marked(["hello", "de"]) is None


def _unread(best: Disposition, p: float):
    """A result nothing could read, with the model's guess at `p` for `best`."""
    rest = (1 - p) / (len(Disposition) - 1)
    probabilities = {d: (p if d is best else rest) for d in Disposition}
    opinion = Opinion(probabilities, {}, "", {})
    return SimpleNamespace(disposition=Disposition.UNCLEAR, opinion=opinion, rule="", why="")


@pytest.mark.parametrize(
    "best, p, expected",
    [
        (Disposition.COMMUNITY, 0.45, Disposition.COMMUNITY),  # sure enough (rounds 38-43)
        (Disposition.SELF_CARE, 0.35, Disposition.NHS_111),  # not sure: an interpreter at 111
        (Disposition.UNCLEAR, 0.9, Disposition.NHS_111),  # never 'unclear' for a real message
    ],
)
def test_another_language_takes_the_models_guess_only_when_it_is_sure(best, p, expected):
    result = _unread(best, p)
    other_language_default(result, Language("pl", 0.9, "model"))
    assert result.disposition is expected


@pytest.mark.parametrize(
    "text",
    [
        "у ребенка высокая температура и сыпь",  # Russian, Cyrillic: a script we do not map
        "ልጄ አይተነፍስም",  # Amharic, Ge'ez script
        "mon mari ne respire plus depuis tout à l'heure",  # French, accented: fastText is sure
    ],
)
def test_a_language_we_have_no_words_for_is_not_english_and_gets_111(text, knowledge):
    """Before, a script with no Latin letters read as English and a French message whose
    words look English ("respire", "plus") did too: both were answered 'unclear'."""
    result = triage(text, knowledge)
    assert result.language == UNKNOWN
    assert result.disposition.acuity >= Disposition.NHS_111.acuity


@pytest.mark.parametrize("text", ["im so anxious, bm 2.1 help", "im blue da ba dee"])
def test_english_with_odd_words_stays_english(text, knowledge):
    """fastText calls these German at 0.90-0.95: without another language's accents that is
    no guide, and reading them as unknown would drop 'bm' (a blood sugar) from the rules."""
    assert triage(text, knowledge).language == "en"


def test_the_models_guess_in_a_language_it_never_saw_counts_only_for_an_emergency():
    for guess in (Disposition.DENTAL, Disposition.URGENT_CARE):
        low = _unread(guess, 0.6)
        other_language_default(low, Language(UNKNOWN, 0.9, "model-unsupported"))
        assert low.disposition is Disposition.NHS_111
    # a Latin message no language was recognised in may be one of ours typed loosely
    ours = _unread(Disposition.DENTAL, 0.6)
    other_language_default(ours, Language(UNKNOWN, 0.6, "not-english"))
    assert ours.disposition is Disposition.DENTAL
    high = _unread(Disposition.A_AND_E, 0.6)
    other_language_default(high, Language(UNKNOWN, 0.9, "model-unsupported"))
    assert high.disposition is Disposition.A_AND_E


@pytest.mark.parametrize(
    "rule, given, best, p, expected",
    [
        # a GP named in Urdu beside signs no vocabulary phrase caught: the word "GP" is not
        # an understanding of the message; unsure, the model leaves the 111 default
        ("fallback:health_words", Disposition.GP, Disposition.SELF_CARE, 0.3, Disposition.NHS_111),
        ("fallback:medicine_words", Disposition.PHARMACY, Disposition.GP, 0.3, Disposition.NHS_111),
        # the model sure of an emergency raises past 111
        ("fallback:health_words", Disposition.GP, Disposition.A_AND_E, 0.6, Disposition.A_AND_E),
        # only raise: the model sure of less keeps the fallback's answer
        ("fallback:health_words", Disposition.GP, Disposition.SELF_CARE, 0.7, Disposition.GP),
        # a topic or a community answer was read, not guessed from a word: left alone
        ("topic:find-a-gp", Disposition.GP, Disposition.SELF_CARE, 0.3, Disposition.GP),
        ("fallback:community_words", Disposition.COMMUNITY, Disposition.SELF_CARE, 0.3, Disposition.COMMUNITY),
    ],
)
def test_a_few_english_words_in_another_language_never_keep_it_below_the_default(
    rule, given, best, p, expected
):
    result = _unread(best, p)
    result.disposition, result.rule = given, rule
    other_language_default(result, Language("ur", 0.9, "model"))
    assert result.disposition is expected
