"""Harm told calmly: an overdose said to be "fine now", asked about as a question, told with
no pill word, or spread over days; a clot told by its reason and a small sign; withdrawal
shakes; and a count of tablets in another language. The rules alone must reach the level a
111 clinician would (nhs.uk Paracetamol overdose: A&E even if you feel fine)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage

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
