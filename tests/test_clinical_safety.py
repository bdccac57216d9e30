"""The clinical risk management file stays true: the hazard log covers every red-flag rule,
life-threat and safeguarding sign, topic and disposition; every pointer in it resolves; every
content item has a review record; the safety report's figures are evaluation/README.md's."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.core.clinical import hazards as hz
from navigator.core.clinical.figures import load_first_contact, parse_first_contact
from navigator.core.clinical.inventory import load_inventory
from navigator.core.clinical.reviews import DRAFT, load_reviews
from navigator.core.models import Disposition
from navigator.paths import CONTENT_DIR, REPO_ROOT
from navigator.settings import SETTINGS

HAZARD_LOG = REPO_ROOT / "docs" / "clinical-safety" / "hazard_log.yaml"
REVIEWS = CONTENT_DIR / "reviews.yaml"
EVALUATION_README = REPO_ROOT / "evaluation" / "README.md"


@pytest.fixture(scope="module")
def inventory():
    return load_inventory(CONTENT_DIR)


@pytest.fixture(scope="module")
def log():
    return hz.load_hazard_log(HAZARD_LOG)


@pytest.fixture
def catalogue(inventory):
    return hz.Catalogue(
        content=inventory,
        dispositions={d.value for d in Disposition},
        settings={s.name for s in SETTINGS},
        eval_figures=load_first_contact(EVALUATION_README).by_set(),
        repo_root=REPO_ROOT,
    )


def test_the_risk_matrix_is_dcb0129s():
    assert hz.risk("catastrophic", "very_high") == 5
    assert hz.risk("catastrophic", "very_low") == 3
    assert hz.risk("minor", "very_low") == 1
    assert hz.risk("major", "medium") == 3
    for likelihood in hz.LIKELIHOODS:  # worse severity is never less risk
        row = hz.RISK_MATRIX[likelihood]
        assert list(row) == sorted(row)


def test_hazard_ratings_are_well_formed(log):
    assert not hz.check_ratings(log)
    assert len(log.hazards) >= 20


def test_the_hazards_the_issue_lists_are_there(log):
    titles = " ".join(h.title.lower() for h in log.hazards)
    for words in (
        "missed emergency", "over-triage", "wrong service", "wrong phone number",
        "wrong age or sex", "safeguarding disclosure missed", "message lost or unanswered",
        "wrong person, at night", "language not understood", "privacy breach",
        "out of date",
    ):  # fmt: skip
        assert words in titles, words
    assert len([h for h in log.hazards if h.group == "missed_emergency"]) == len(log.categories)


def test_every_rule_sign_topic_and_disposition_has_a_hazard(log, catalogue):
    missing = hz.uncovered(log, catalogue)
    assert not missing, (
        "no hazard covers these: add them to an emergency category or a hazard's `covers` "
        f"in {HAZARD_LOG.relative_to(REPO_ROOT)}: {missing}"
    )


def test_coverage_fails_when_a_rule_has_no_hazard(log, catalogue, inventory):
    """The check has teeth: take a rule out of its category and it is reported."""
    victim = "red_flag:cardiac_chest_pain"
    categories = {
        c: {**data, "members": [m for m in data["members"] if m != victim]}
        for c, data in log.categories.items()
    }
    hazards = [h for h in log.hazards if victim not in h.covers]
    assert victim in hz.uncovered(hz.HazardLog(hazards, categories), catalogue)


def test_every_red_flag_and_sign_is_in_exactly_one_emergency_category(log, inventory):
    members = [m for data in log.categories.values() for m in data["members"]]
    assert len(members) == len(set(members))
    rules = {i for i, item in inventory.items() if item.kind in ("red_flag", "life_threat")}
    assert rules == set(members)


def test_every_reference_points_at_something_real(log, catalogue):
    assert not hz.dangling(log, catalogue)


def test_a_dangling_reference_is_caught(log, catalogue):
    bad = hz.Hazard(
        "HAZ-X", "t", "c", "e", "minor", "low", "low", "open",
        covers=("topic:no-such-topic", "topics:kind=nonsense"),
        controls=(hz.Control("x", ("red_flag:nope",), ("test:tests/test_docs.py::nope",)),),
        evidence=("eval:set_j_emergencies:no such column", "file:nowhere", "setting:NOPE"),
    )  # fmt: skip
    found = hz.dangling(hz.HazardLog([bad], {}), catalogue)
    assert len(found) == 7, found


def test_every_content_item_has_a_review_record(inventory):
    records = load_reviews(REVIEWS)
    missing = [i for i in inventory if i not in records]
    stale = [i for i in records if i not in inventory]
    lines = "\n".join(
        f"  {i}: {{status: draft, reviewer: null, reviewed: null, due: {dt.date.today()}}}"
        for i in missing
    )
    assert not missing, f"add to {REVIEWS.relative_to(REPO_ROOT)}:\n{lines}"
    assert not stale, f"these entries name content that no longer exists: {stale}"


def test_nothing_claims_a_review_that_did_not_happen(inventory):
    """Honest today: everything is draft; anything beyond draft names who, when, and the
    hash of the text they reviewed."""
    for content_id, record in load_reviews(REVIEWS).items():
        if record.status == DRAFT:
            assert record.reviewer is None and record.reviewed is None, content_id
        else:
            assert record.reviewer and record.reviewed and record.sha256, content_id
        assert record.due is not None, content_id


def test_first_contact_table_is_parsed_from_the_evaluation_readme():
    table = load_first_contact(EVALUATION_README)
    assert table.columns[0] == "set" and "emergency recall" in table.columns
    assert table.rows, "evaluation/README.md lost its first-contact table"
    text = EVALUATION_README.read_text(encoding="utf-8")
    for row in table.rows:
        assert "| " + " | ".join(row) + " |" in text
    assert parse_first_contact("no table here").rows == ()


def test_safety_report_command_carries_the_evaluation_figures_and_every_hazard(log):
    from click.testing import CliRunner

    from navigator.cli import cli

    result = CliRunner().invoke(cli, ["safety-report", "--no-database"])
    assert result.exit_code == 0, result.output
    report = result.output
    assert "## Claims and arguments" in report and "## Evidence (generated)" in report
    for row in load_first_contact(EVALUATION_README).rows:  # E6: the table, as scored
        assert "| " + " | ".join(row) + " |" in report
    latest = load_first_contact(EVALUATION_README).by_set()["set_m_languages"]["emergency recall"]
    assert f"set_m_languages emergency recall = **{latest}**" in report  # quoted under HAZ-023
    for hazard in log.hazards:
        assert f"#### {hazard.id} {hazard.title}" in report
    assert " content items are approved; " in report  # E5, the review status
    html = CliRunner().invoke(cli, ["safety-report", "--no-database", "--format", "html"])
    assert html.exit_code == 0 and "<table>" in html.output and "<h2>" in html.output
