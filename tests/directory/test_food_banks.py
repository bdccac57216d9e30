"""Food banks as people read them: who they are for and whether a referral is needed are in
the answer; free-text hours are parsed where unambiguous and quoted where not."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from navigator.core.conversation import wording
from navigator.core.conversation.navigate import NavigateRequest
from navigator.core.places.neighbourhoods import load_neighbourhoods

NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/London"))
NEIGHBOURHOODS = [
    n["id"] for n in load_neighbourhoods()[
        "neighbourhoods"]
]  # fmt: skip


def test_food_bank_answers_carry_eligibility_and_referral(navigator_off):
    notes = 0
    for nb in NEIGHBOURHOODS:
        result = navigator_off.navigate(NavigateRequest("i need a food bank", postcode=nb), NOW)
        for service in result.to_json()["services"]:
            if service["type"] != "food_bank":
                continue
            assert "hours not known" not in service["open_status"], service
            line = next((ln for ln in result.reply.splitlines() if service["name"] in ln), None)
            if service["note"] and line is not None:  # a line cut for SMS length says nothing
                notes += 1
                assert service["note"] in line, (line, service["note"])
    assert notes >= 3


def test_referral_wording():
    from navigator.core.conversation.navigate import service_note
    from navigator.core.directory.profiles import Coverage, ServiceProfile

    def note(access, text):
        return service_note(ServiceProfile(id="x", name="x", type="food_bank", access=access,
                                           coverage=Coverage("city"), eligibility_text=text))  # fmt: skip

    referral = wording.text("service_note.referral_needed_for", who="Referral from agency")
    assert note(("referral_needed",), "Referral from agency") == referral
    assert note(("referral_needed",), None) == wording.text("service_note.referral_needed")
    assert note((), "For families with young children") == "For families with young children"
    assert note((), None) is None
