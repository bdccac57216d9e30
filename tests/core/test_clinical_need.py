"""The disposition model may raise a message the rules answered with support, nothing or home
care to the clinical answer it prefers: only upwards, never to an emergency or safeguarding
(the heads decide those), only past its bar, and the bar is the lowest at which such raises
were right often enough out of fold."""

from types import SimpleNamespace

from navigator.core.models import Disposition as D
from navigator.core.triage.model import CLINICAL_NEED_ANSWERS, Opinion
from navigator.core.triage.stages import _clinical_need
from navigator.learning.train import CLINICAL_NEED_PRECISION, clinical_need_thresholds

MODEL = SimpleNamespace(
    clinical_need_thresholds={D.COMMUNITY: 0.5, D.UNCLEAR: 0.5, D.SELF_CARE: 0.7, D.PHARMACY: 0.7}
)


def opinion(**probabilities: float) -> Opinion:
    return Opinion({D(k): v for k, v in probabilities.items()}, {}, "", {})


def test_a_support_answer_is_raised_to_the_clinical_answer_the_model_prefers():
    assert _clinical_need(MODEL, opinion(gp=0.6, community=0.4), D.COMMUNITY) == (D.GP, (0.6, 0.5))


def test_below_its_bar_nothing_is_raised():
    assert _clinical_need(MODEL, opinion(gp=0.6, self_care=0.4), D.SELF_CARE) is None


def test_never_lowered_and_never_to_the_same_level():
    assert _clinical_need(MODEL, opinion(self_care=0.9), D.PHARMACY) is None
    assert _clinical_need(MODEL, opinion(dental=0.9), D.GP) is None  # gp is not a low answer
    assert _clinical_need(MODEL, opinion(pharmacy=0.9), D.PHARMACY) is None


def test_emergencies_and_safeguarding_are_left_to_the_heads():
    for answer in (D.EMERGENCY_999, D.A_AND_E, D.MENTAL_HEALTH_CRISIS, D.SAFEGUARDING):
        assert answer not in CLINICAL_NEED_ANSWERS
        assert _clinical_need(MODEL, opinion(**{answer.value: 0.99}), D.COMMUNITY) is None


def test_a_model_without_bars_never_raises_this_way():
    older = SimpleNamespace(clinical_need_thresholds={})
    assert _clinical_need(older, opinion(gp=0.99), D.COMMUNITY) is None


def example(accept: list[str], lang: str = "en") -> SimpleNamespace:
    return SimpleNamespace(accept=tuple(accept), lang=lang)


def test_the_bar_is_the_lowest_score_whose_raises_are_right_often_enough():
    # ten raises from community to gp, scored 0.95 down to 0.50; the top six are right
    scores = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5]
    right = [True] * 6 + [False, True, False, False]
    examples = [example(["gp"] if r else ["community"]) for r in right]
    answers = [D.COMMUNITY] * len(scores)
    needs = [(D.GP, s) for s in scores]
    thresholds, figures = clinical_need_thresholds(examples, answers, needs)
    # 7 of the top 8 are right (0.875 >= 0.8); 7 of 9 are not (0.78)
    assert CLINICAL_NEED_PRECISION == 0.8
    assert thresholds["support_or_nothing"] == round(0.6 - 1e-6, 4)
    assert figures["support_or_nothing"]["raised"] == 8
    assert thresholds["home_care"] == 1.01  # nothing to learn from: never raises


def test_other_languages_and_unsure_opinions_do_not_set_the_bar():
    examples = [example(["gp"], "pl"), example(["gp"])]
    needs = [(D.GP, 0.9), (D.GP, 0.45)]
    thresholds, _ = clinical_need_thresholds(examples, [D.COMMUNITY] * 2, needs)
    assert thresholds["support_or_nothing"] == 1.01


def test_every_answer_it_can_raise_to_tells_the_resident_where_to_go():
    from navigator.core.conversation import wording

    for answer in CLINICAL_NEED_ANSWERS:
        said = wording.text(f"second_opinion.clinical_need_{answer.value}")
        assert said.startswith("From what you describe") and len(said) <= 160, answer
