"""The neighbours' vote beside each head: a head raises only when the labelled messages
nearest to a message agree; the bars are fitted out of fold at the head's own recall."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from navigator.core.conversation import wording
from navigator.core.models import Disposition
from navigator.core.triage.model import HEADS, Opinion, Thresholds, TriageModel, VoteGate
from navigator.core.triage.neighbours import ExampleIndex
from navigator.core.triage.stages import _passes, second_opinion
from navigator.learning import artifact, votes
from navigator.learning.corpus import load_corpus
from navigator.paths import CORPUS_DIR, MODELS_DIR

SHORT = "chest hurts"


class GatedModel(SimpleNamespace):
    """Bars of 0.6 for every head; the emergency head raises from half its bar when at least
    half of the neighbours agree. Counts the searches."""

    def __init__(self, share: float):
        super().__init__(
            thresholds=Thresholds(0.6, 0.6, 0.6, 0.6),
            long_thresholds=Thresholds(0.9, 0.9, 0.9, 0.9),
            other_language_thresholds=Thresholds(0.6, 0.6, 0.6, 0.6),
            searches=0,
            share=share,
        )

    def vote_gate(self, reading: str, head: str) -> VoteGate:
        return VoteGate(0.5, 0.5) if head == "emergency" else VoteGate()

    def vote(self, text: str) -> dict[str, float]:
        self.searches += 1
        return dict.fromkeys(HEADS, self.share)


def opinion(score: float) -> Opinion:
    heads = dict.fromkeys(HEADS, score)
    return Opinion({}, heads, "", heads)


def test_a_head_below_its_bar_raises_when_its_neighbours_agree():
    model = GatedModel(share=0.8)
    assert _passes(model, opinion(0.4), "emergency", SHORT, True, {}) == (0.4, 0.3, 0.8)


def test_a_head_above_its_bar_does_not_raise_when_its_neighbours_disagree():
    model = GatedModel(share=0.2)
    assert _passes(model, opinion(0.95), "emergency", SHORT, True, {}) is None


def test_a_head_without_a_gate_raises_on_its_score_and_searches_nothing():
    model = GatedModel(share=0.0)
    assert _passes(model, opinion(0.7), "crisis", SHORT, True, {}) == (0.7, 0.6, None)
    assert _passes(model, opinion(0.5), "crisis", SHORT, True, {}) is None
    assert model.searches == 0


def test_the_neighbours_are_searched_once_a_message_whichever_heads_ask():
    model, cache = GatedModel(share=0.2), {}
    for _ in range(3):
        _passes(model, opinion(0.9), "emergency", SHORT, True, cache)
    assert model.searches == 1


def test_the_vote_is_the_similarity_weighted_share_of_the_nearest():
    vectors = np.array([[1, 0], [0.8, 0.6], [0, 1], [-1, 0]], dtype=np.float32)
    positive = np.array([[1], [0], [1], [1]], dtype=np.uint8)
    index = ExampleIndex(vectors, [{"text": str(i)} for i in range(4)], positive)
    share = index.vote(*index.ranked(np.array([1, 0], dtype=np.float32), 3))
    # the nearest three are rows 0 (1.0), 1 (0.8) and 2 (0.0): 1.0 of 1.8 should be raised
    assert share is not None and share[0] == pytest.approx(1.0 / 1.8)


def test_unquotable_examples_vote_but_are_never_quoted():
    vectors = np.array([[1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32)
    rows = [{"text": "community"}, {"text": "gp"}, {"text": "self care"}]
    quotable = np.array([False, True, True])
    index = ExampleIndex(vectors, rows, np.array([[0], [1], [1]]), quotable)
    query = np.array([1, 0], dtype=np.float32)
    assert [e["text"] for e in index.nearest(query, 2)] == ["gp", "self care"]
    share = index.vote(*index.ranked(query, 1))
    assert share is not None and share[0] == 0.0  # the community message is the nearest


def test_out_of_fold_votes_never_count_the_message_itself():
    vectors = np.eye(4, dtype=np.float32)
    positive = np.array([[1], [0], [0], [0]], dtype=np.uint8)
    splits = [(np.array([1, 2, 3]), np.array([0])), (np.array([0, 2, 3]), np.array([1, 2, 3]))]
    found = votes.out_of_fold_votes(vectors, positive, splits, k=2)
    assert found[0, 0] == 0.0  # its own positive label is in the other fold


def test_clustered_out_of_fold_votes_are_the_votes_triage_would_find():
    """The bars are fitted on the search triage runs: out of fold, the clustered votes equal
    an ExampleIndex's vote over the other folds' examples with the same clusters."""
    rng = np.random.default_rng(11)
    vectors = rng.normal(size=(300, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    positive = (rng.random((300, 2)) < 0.3).astype(np.uint8)
    assigned = rng.integers(0, 40, 300)  # more clusters than a search probes
    centres = np.stack([vectors[assigned == c].mean(0) for c in range(40)])
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    held, fit = np.arange(0, 300, 3), np.setdiff1d(np.arange(300), np.arange(0, 300, 3))
    found = votes.out_of_fold_votes(vectors, positive, [(fit, held)], 5, (assigned, centres))
    stored = vectors.astype(np.float16)
    index = ExampleIndex(stored[fit], [{}] * len(fit), positive[fit], None,
                         (assigned[fit], centres))  # fmt: skip
    for row in held[:20]:
        expected = index.vote(*[a[:5] for a in index.ranked(vectors[row], 5)])
        assert np.allclose(found[row], expected, atol=1e-5)
    exact = votes.out_of_fold_votes(vectors, positive, [(fit, held)], 5)
    assert not np.allclose(found[held], exact[held])  # the probe really skips clusters


def test_a_fitted_gate_spares_false_alarms_at_the_heads_own_recall():
    rng = np.random.default_rng(5)
    n = 2000
    wanted = rng.random(n) < 0.2
    unwanted = ~wanted
    scores = np.clip(np.where(wanted, 0.7, 0.4) + rng.normal(0, 0.2, n), 0, 1)
    share = np.clip(np.where(wanted, 0.7, 0.2) + rng.normal(0, 0.15, n), 0, 1)
    fitted = votes.fit_gate([(scores, 0.6)], share, wanted, unwanted)
    assert fitted["wrong"] < fitted["wrong_alone"]
    alone_missed = int((wanted & (scores < 0.6)).sum())
    assert fitted["missed"] <= alone_missed


def test_a_useless_vote_leaves_the_head_alone():
    n = 500
    wanted = np.arange(n) % 5 == 0
    scores = np.where(wanted, 0.9, 0.1)  # the head alone is already perfect
    fitted = votes.fit_gate([(scores, 0.5)], np.full(n, 0.5), wanted, ~wanted)
    assert (fitted["factor"], fitted["vote"], fitted["wrong"]) == (1.0, 0.0, 0)


def test_the_shipped_model_has_a_vote_for_every_corpus_message():
    meta = json.loads((MODELS_DIR / "triage_model.json").read_text(encoding="utf-8"))
    assert meta["vote_k"] == votes.VOTE_K
    assert set(meta["vote_gates"]) == {"short", "long", "other"}
    model = TriageModel.load(MODELS_DIR)
    assert model is not None and model.example_index is not None
    assert model.example_index.positive is not None
    assert len(model.example_index) == len(load_corpus(CORPUS_DIR))
    assert model.example_index.positive.shape == (len(model.example_index), len(model.heads))


class HeldModel(GatedModel):
    """One head (the emergency head unless told) scores 0.9, above its own bar of 0.6, but
    its neighbours disagree."""

    def __init__(self, head: str = "emergency"):
        super().__init__(share=0.1)
        self.vote_k = votes.VOTE_K
        self.clinical_need_thresholds = {}
        self.held_head = head

    def vote_gate(self, reading: str, head: str) -> VoteGate:
        return VoteGate(0.5, 0.5) if head == self.held_head else VoteGate()

    def opinion(self, text: str) -> Opinion:
        heads = dict.fromkeys(HEADS, 0.0) | {self.held_head: 0.9}
        return Opinion({}, heads, text, heads)

    def nearest_examples(self, text: str, k: int = 3) -> list[dict]:
        return [{"text": "a labelled example", "disposition": "self_care"}]


def answered(disposition):
    return SimpleNamespace(disposition=disposition, rule="topic:x", why="", explanation="")


def test_a_raise_held_back_by_the_vote_still_takes_a_support_answer_to_111():
    result = answered(Disposition.COMMUNITY)
    second_opinion(result, HeldModel(), SHORT)
    assert result.disposition is Disposition.NHS_111
    assert result.rule == "model:unsure"
    assert "emergency" in result.explanation and "10%" in result.explanation


def test_a_raise_held_back_by_the_vote_takes_self_care_to_111_too():
    result = answered(Disposition.SELF_CARE)
    second_opinion(result, HeldModel(), SHORT)
    assert result.disposition is Disposition.NHS_111 and result.rule == "model:unsure"


def test_a_raise_held_back_by_the_vote_leaves_a_clinicians_answer_where_it_was():
    result = answered(Disposition.GP)
    second_opinion(result, HeldModel(), SHORT)
    assert result.disposition is Disposition.GP and result.rule == "topic:x"


def test_a_crisis_held_back_by_the_vote_goes_to_111s_mental_health_option():
    result = answered(Disposition.COMMUNITY)
    second_opinion(result, HeldModel("crisis"), SHORT)
    assert result.disposition is Disposition.NHS_111 and result.rule == "model:unsure"
    assert result.why == wording.text("second_opinion.unsure_crisis")
    assert "crisis" in result.explanation


def test_a_same_day_reading_held_back_by_the_vote_leaves_support_where_it_was():
    result = answered(Disposition.COMMUNITY)
    second_opinion(result, HeldModel("clinical_today"), SHORT)
    assert result.disposition is Disposition.COMMUNITY and result.rule == "topic:x"


def test_a_model_with_example_vectors_is_never_saved_without_their_clusters(tmp_path):
    vectors = np.eye(3, dtype=np.float32)
    with pytest.raises(ValueError, match="clusters"):
        artifact.save(tmp_path, None, {}, [], vectors, np.zeros((3, 1)), None)
    assert not any(tmp_path.iterdir())
