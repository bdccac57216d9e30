"""The conversations of issue 10, replayed by the engine, the SMS webhook and the browser.

Each is a list of turns: what the resident sends, and what a safe reply must and must not
contain (regular expressions, case-insensitive). `emergency` says whether the reply must be
marked as an emergency (999 in its first segment, announced as an alert on the web).
"""

from __future__ import annotations

from dataclasses import dataclass

NET = r"If you get worse, call 111\. In an emergency call 999\."
OFFER = r"Can we text you"
COMMUNITY = r"friendship|befriend|food bank|baby bank|social group"


@dataclass(frozen=True)
class Turn:
    text: str
    must: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    emergency: bool | None = None


CONVERSATIONS: dict[str, list[Turn]] = {
    # The emergency stays the context: first aid while the ambulance comes, 999 again.
    "while_you_wait": [
        Turn(
            "my dad has crushing chest pain and he's sweating and grey",
            ("^Call 999 now",),
            ("postcode", OFFER),
            emergency=True,
        ),
        Turn(
            "what do i do while i wait for the ambulance",
            ("999", "aspirin", "unlock"),
            ("postcode", COMMUNITY, OFFER, "How old"),
            emergency=True,
        ),
        Turn("ok he is sitting down now", ("999",), ("postcode", COMMUNITY, OFFER), emergency=True),
    ],
    # A postcode is a place, never a temperature...
    "postcode_not_temperature": [
        Turn("my 2 year old has a temperature of 38.5 since this morning", ("postcode",)),
        Turn("M40 7", (NET,), (r"40 ?C", "clinician")),
    ],
    # ...nor an age or a duration.
    "postcode_not_duration": [
        Turn("temperature", ("How old",)),
        Turn("M14 5", (NET,), (r"5 days", "lasted")),
    ],
    # An unknown age gets the adult emergency departments; 999 first.
    "adult_ed_for_unknown_age": [
        Turn("M14 5RG"),
        Turn(
            "crushing chest pain and sweating",
            ("^Call 999 now", "Manchester Royal Infirmary"),
            (r"1\. Royal Manchester Children", r"Children's Hospital Emergency Department, "),
            emergency=True,
        ),
    ],
    # Answers to our questions are answers: no baby bank for a feverish toddler...
    "answer_is_not_a_new_need": [
        Turn("my toddler has a fever", ("postcode",)),
        Turn(
            "he is drinking ok and has wet nappies, a bit sleepy",
            (NET, "temperature|fever"),
            ("baby bank", "food bank"),
        ),
    ],
    # ...negations fill slots and change nothing...
    "negations_fill_slots": [
        Turn("i'm a woman aged 30 and i think i have a uti", ("postcode",)),
        Turn(
            "no temperature, not pregnant, no back pain", ("pharmacist", NET), ("Contact your GP",)
        ),
    ],
    # ...and a question about the need is about the need.
    "question_about_the_need": [
        Turn("i need a food bank", ("postcode",)),
        Turn("do i need a referral?", ("food bank",), ("Contact your GP", "GP practice")),
    ],
    "question_after_the_answer": [
        Turn("i need a food bank", ("postcode",)),
        Turn("M14 5", ("food bank", NET, OFFER)),
        Turn("do i need a referral?", ("food bank",), ("Contact your GP",)),
    ],
    # Consent in ordinary words.
    "consent_yes_please": [
        Turn("I feel lonely", ("postcode",)),
        Turn("M14 5", (OFFER,)),
        Turn("yes please", ("We will text you",), ("Tell me a bit more",)),
    ],
    # Regular medicines run out: an emergency supply from a pharmacy, or via 111.
    "medicines_run_out": [
        Turn(
            "run out of my blood pressure tablets, GP shut till monday",
            ("emergency supply", "pharmacy", "111", NET),
            ("register", "Childline"),
        ),
    ],
    # One per question the navigator asks: age (with its unit), place (a name), more.
    "age_with_unit": [
        Turn("temperature", ("How old",)),
        Turn("8 weeks", ("111", NET), ("How old",)),
    ],
    "age_answer_with_red_flag": [
        Turn("sore throat", ("How old",)),
        Turn("30, and now she cant breathe", ("^Call 999 now",), ("postcode",), emergency=True),
    ],
    "place_name": [
        Turn("I feel lonely", ("postcode",)),
        Turn("I live in Longsight", (NET,), ("postcode or area", "Tell me a bit more")),
    ],
    "tell_me_more": [
        Turn("hi", ("Tell me a bit more",)),
        Turn("its for my son, he has earache", ("How old",)),
        Turn("7", ("postcode",)),
        Turn("Gorton", (NET,), ("How old", "postcode or area")),
    ],
}
