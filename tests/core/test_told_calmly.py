"""Harm told calmly: an overdose said to be "fine now", asked about as a question, told with
no pill word, or spread over days; a clot told by its reason and a small sign; withdrawal
shakes; and a count of tablets in another language. The rules alone must reach the level a
111 clinician would (nhs.uk Paracetamol overdose: A&E even if you feel fine)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.language import UNKNOWN
from navigator.core.triage.pipeline import triage
from navigator.core.triage.vocabulary import find_concepts

A_AND_E = Disposition.A_AND_E.acuity
NHS_111 = Disposition.NHS_111.acuity


@pytest.mark.parametrize(
    "text",
    [
        # "no symptoms" or "totally fine" is not a question about signs when the tablets were taken
        "swallowed 18 paracetamol on monday, no symptoms at all, do i still need to go anywhere",
        "had 22 co-codamol after the argument, totally fine now, whats the max dose anyway",
        # "when i was upset" is how it happened, not long ago
        "i took about 30 sertraline when i was upset on sunday and i feel normal",
        # the medicine named, a number of them taken, in other words than "took 20 paracetamol"
        "i had 25 of my nans amlodipine tablets last night and feel a bit woozy",
        "can i have a glass of wine after taking 40 paracetamol at lunch",
        "did something daft with my pills before bed, im ok now honest",
        "took far more of my tablets than i should have after the phone call",
        "my lad told me he swallowed 16 ibuprofen during his shift at the warehouse, he seems ok",
        # spread over hours or days
        "for my back ive been on co codamol every 2 hours since friday",
        "been having more than 8 paracetamol a day for the last week with this tooth",
    ],
)
def test_overdoses_told_calmly_reach_a_and_e(knowledge, text):
    assert triage(text, knowledge).disposition.acuity >= A_AND_E


@pytest.mark.parametrize(
    "text",
    [
        "just back from a long haul flight from singapore and im getting short of breath on the stairs",
        "my wife had her knee replacement last tuesday and now she gets puffed out walking to the loo",
        "had my gallbladder out on wednesday and now sharp pain when breathing in",
        "on hrt and today coughing up specks of blood, my calf has been sore and swollen",
        "she had a baby last week, has a bit of a cough and it hurts to take a deep breath",
        "mum is having a fit in the car park, what do we do",
    ],
)
def test_clots_and_fits_told_plainly_reach_a_and_e(knowledge, text):
    assert triage(text, knowledge).disposition.acuity >= A_AND_E


def test_withdrawal_shakes_need_a_clinician_today(knowledge):
    text = "gave up the cans on saturday after drinking every day for months, got the shakes and sweats"
    assert triage(text, knowledge).disposition.acuity >= NHS_111


@pytest.mark.parametrize(
    "text",
    [
        "kal raat maine 24 panadol kha liye, abhi theek lag raha hai",  # Roman Urdu
        "am inghitit 30 de paracetamol azi dimineata",  # Romanian without diacritics
        "前天吃了30片 paracetamol",  # Chinese
        "wzięłam 20 tabletek paracetamolu w nocy",  # Polish
    ],
)
def test_a_count_of_tablets_in_another_language_is_an_overdose(knowledge, text):
    assert triage(text, knowledge).disposition.acuity >= A_AND_E


@pytest.mark.parametrize(
    "text",
    [
        "i take 20 tablets a day for my conditions, can the pharmacist do me a dosette box",
        "i just want to fit in at my new school",
        "had a lovely fortnight in spain, flight home was fine, any tips for jet lag",
    ],
)
def test_routine_and_idiom_are_not_emergencies(knowledge, text):
    assert triage(text, knowledge).disposition.acuity < A_AND_E


def test_a_count_is_read_only_beside_a_medicine(knowledge):
    found = knowledge.counted_medicine.find
    assert found("am luat 25 de paracetamol")
    assert not found("paracetamol 500 mg twice a day")  # a strength, not a count
    assert not found("mam 20 lat i biore paracetamol na bol glowy")  # an age, words away
    assert not found("wzielam 2 tabletki paracetamolu")  # a dose


def test_a_count_is_denied_by_the_languages_own_negation(knowledge):
    """The count reads negation as the language's vocabulary does: before the count in
    Polish, after it in Urdu, and never across a full stop."""
    found = knowledge.counted_medicine.find
    polish, urdu = knowledge.vocabularies["pl"], knowledge.vocabularies["ur"]
    assert found("wzielam 20 tabletek paracetamolu", polish)
    assert not found("nie wzielam 20 tabletek paracetamolu", polish)
    assert found("maine 20 panadol kha li", urdu)
    assert not found("maine 20 panadol kha li nahi, bas sar dard hai", urdu)
    assert found("nie wiem. wzielam 20 tabletek paracetamolu", polish)


@pytest.mark.parametrize(
    ("text", "least"),
    [
        ("my 5 week old is 38.4 and hardly waking for feeds", Disposition.A_AND_E),
        ("my 10 day old baby feels hot, thermometer says 38", Disposition.A_AND_E),
        ("how long would it take for co codamol to kill someone", Disposition.MENTAL_HEALTH_CRISIS),
        ("ive been stockpiling my mirtazapine, just in case", Disposition.MENTAL_HEALTH_CRISIS),
        ("sorted my will and cleared my debts, it feels like the right time now", Disposition.MENTAL_HEALTH_CRISIS),
        ("im 11, my mams boyfriend climbs into my bed at night and says its a secret", Disposition.SAFEGUARDING),
        ("me and my little sisters have been on our own since thursday, im 12", Disposition.SAFEGUARDING),
        ("her dad is on top of her and keeps punching her, shes not moving, please", Disposition.EMERGENCY_999),
        ("6 weeks pregnant and bleeding like a heavy period with big clots", Disposition.A_AND_E),
        ("my jaw is swelling right down my neck from a wisdom tooth and i can barely open my mouth", Disposition.A_AND_E),
    ],
)
def test_told_sideways_still_reaches_its_level(knowledge, text, least):
    assert triage(text, knowledge).disposition.acuity >= least.acuity


def test_a_language_we_do_not_answer_in_still_has_its_emergencies(knowledge):
    # Russian is read only when no language of ours was recognised (Cyrillic is not ours)
    assert triage("мой брат не дышит", knowledge).disposition is Disposition.EMERGENCY_999


def test_those_words_are_not_read_in_a_language_of_ours(knowledge):
    assert knowledge.vocabularies["fr"].only_unrecognised
    # "crise de epilepsia" (Portuguese) would be the French "crise d'epilepsie" word by word
    text = "a minha filha tem crise de epilepsia controlada, preciso da receita dela"
    as_portuguese = find_concepts(knowledge.vocabularies, text, "pt")
    as_unrecognised = find_concepts(knowledge.vocabularies, text, UNKNOWN)
    assert not any(h.language == "fr" for h in as_portuguese)
    assert any(h.language == "fr" for h in as_unrecognised)
