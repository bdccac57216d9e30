"""The learned second opinion as shipped in models/: it loads from files in the repository
and the wordllama wheel (nothing downloaded), it may only raise an answer, it explains
itself, and it was trained on the corpus as it stands."""

import json

import numpy as np
import pytest

from navigator.core.models import Disposition
from navigator.core.triage import model as triage_model
from navigator.core.triage.neighbours import ExampleIndex, top_k
from navigator.core.triage.pipeline import triage
from navigator.learning.corpus import load_corpus
from navigator.learning.train import corpus_hash
from navigator.paths import CORPUS_DIR, MODELS_DIR, SHARED_DIR


@pytest.fixture(scope="module")
def shipped():
    model = triage_model.TriageModel.load(MODELS_DIR)
    assert model is not None, "models/ must hold a trained second opinion (navigator train)"
    return model


def test_the_model_was_trained_on_the_corpus_as_it_stands():
    meta = json.loads((MODELS_DIR / "triage_model.json").read_text(encoding="utf-8"))
    examples = load_corpus(CORPUS_DIR)
    assert meta["corpus_size"] == len(examples)
    assert meta["corpus_sha256"] == corpus_hash(examples), "corpus changed: run navigator train"


def test_the_shipped_vote_gates_use_only_the_shares_training_may_choose():
    """A gate below 0.6 of its head's bar (session 19's crisis gate at 0.5 sent "can't sleep
    at night" to the crisis line) comes back only if GATE_FACTORS is widened on purpose."""
    from navigator.learning.votes import GATE_FACTORS

    meta = json.loads((MODELS_DIR / "triage_model.json").read_text(encoding="utf-8"))
    factors = {g["factor"] for gates in meta["vote_gates"].values() for g in gates.values()}
    assert factors <= set(GATE_FACTORS), factors
    assert min(GATE_FACTORS) >= 0.6


def test_a_model_trained_with_other_features_is_refused(tmp_path):
    for name in ("triage_model.safetensors", "triage_model.json"):
        (tmp_path / name).write_bytes((MODELS_DIR / name).read_bytes())
    meta = json.loads((tmp_path / "triage_model.json").read_text(encoding="utf-8"))
    meta["features"] = "char 2-5 only"
    (tmp_path / "triage_model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        triage_model.TriageModel.load(tmp_path)


def test_scoped_words_mark_a_denied_a_past_a_told_and_an_asked_sign():
    marked = triage_model.scope_words("no chest pain. had a fit years ago. in the film he fell?")
    assert {"neg|chest", "past|fit", "story|fell", "q|fell"} <= set(marked)
    assert not any(w.endswith("|no") for w in marked)


def test_features_are_the_same_every_time():
    first = triage_model.sparse_features("my dad has crushing chest pain")
    second = triage_model.sparse_features("my dad has crushing chest pain")
    assert (first[0] == second[0]).all() and (first[1] == second[1]).all()


def test_place_names_and_postcodes_are_one_token(shipped):
    text = triage_model.normalise("lonely, live in harpurhey m9 4", shipped.masked_words)
    assert "harpurhey" not in text and "m9" not in text
    assert text.count(triage_model.PLACE_TOKEN) == 2


@pytest.mark.parametrize(
    "text",
    [
        "colleague went down at his desk, eyes open but he's not with it and won't answer",
        "my grandad is grey and sweaty and says his chest feels like a belt is tightening",
    ],
)
def test_it_raises_what_the_rules_missed_and_says_why(text, knowledge, knowledge_with_model):
    rules = triage(text, knowledge)
    both = triage(text, knowledge_with_model)
    assert not rules.disposition.is_emergency  # wording the rules do not know
    assert both.disposition.is_emergency and both.rule == "model:emergency"
    assert "second opinion scored" in both.explanation and "most like" in both.explanation
    assert "second opinion" not in both.why  # the resident reads a plain sentence


def test_an_everyday_message_is_not_raised(knowledge_with_model):
    result = triage("need a food bank near me, skint till payday", knowledge_with_model)
    assert result.disposition is Disposition.COMMUNITY


def test_other_languages_have_their_own_bar_never_above_englishs(shipped):
    """The rules barely read another language, so the model may raise more of it; English
    keeps its own thresholds."""
    other, short, long = (
        shipped.other_language_thresholds,
        shipped.thresholds,
        shipped.long_thresholds,
    )
    for head in ("emergency", "safeguarding", "clinical_today"):
        assert getattr(other, head) <= min(getattr(short, head), getattr(long, head))


def test_the_nearest_examples_are_those_a_full_stable_sort_gives():
    """_top sorts only the values up to the k-th smallest; ties stay in index order, as in
    a full stable sort, and NaN (never expected) falls back to the full sort."""
    rng = np.random.default_rng(9)
    for trial in range(2000):
        values = rng.standard_normal(int(rng.integers(1, 50))).astype(np.float32)
        if trial % 2:
            values = np.round(values).astype(np.float32)  # many ties
        if trial % 7 == 0:
            values[rng.integers(0, len(values))] = np.nan
        k = int(rng.integers(0, 6))
        expected = np.argsort(values, kind="stable")[:k]
        assert np.array_equal(top_k(values, k), expected), (values, k)


def test_an_exact_search_on_the_shipped_model_is_the_full_sort(shipped):
    """Of the quotable examples (self-care and above: support and unclear ones only vote)."""
    index = shipped.example_index
    quotable = np.array(
        [Disposition(r["disposition"]).acuity >= Disposition.SELF_CARE.acuity for r in index.rows]
    )
    assert not quotable.all(), "every corpus message votes, support and unclear ones too"
    for text in ("my chest hurts", "cant breathe", "food bank near me"):
        vector = shipped.embedder.embed(triage_model.normalise(text, shipped.masked_words))
        scores = np.where(quotable, index.vectors @ vector, -np.inf)
        expected = np.argsort(-scores, kind="stable")[:3]
        assert [e["text"] for e in shipped.nearest_examples(text, exact=True)] == [
            index.rows[i]["text"] for i in expected
        ]


def test_the_clustered_search_finds_the_exact_nearest_for_the_development_messages(shipped):
    """The clustered search (neighbours.py) is an approximation: on the development messages
    it must find the same three as the exact search most of the time, and never one more
    alike than the exact search's at the same rank (it searches a subset, by the exact cosine).
    benchmarks/neighbours_check.py prints the share and the vote's agreement."""
    dev = SHARED_DIR / "eval" / "dev.jsonl"
    if not dev.exists():
        pytest.skip("../shared/eval/dev.jsonl is not beside the checkout")
    texts = [json.loads(line)["text"] for line in dev.read_text().splitlines() if line.strip()]
    same = 0
    for text in texts:
        found = shipped.nearest_examples(text)
        exact = shipped.nearest_examples(text, exact=True)
        same += [e["text"] for e in found] == [e["text"] for e in exact]
        assert all(
            f["similarity"] <= e["similarity"] for f, e in zip(found, exact, strict=True)
        ), text
    assert same >= SAME_THREE_SHARE * len(texts), f"{same} of {len(texts)}"


SAME_THREE_SHARE = 0.8  # measured 0.866 on the development messages (1,024 clusters, 32 read)


def test_a_small_index_is_searched_exactly():
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((50, 8)).astype(np.float32)
    index = ExampleIndex(vectors, [{"text": str(i)} for i in range(50)])
    query = vectors[7]
    assert [e["text"] for e in index.nearest(query, 3)] == [
        str(i) for i in np.argsort(-(vectors @ query), kind="stable")[:3]
    ]


def test_a_safeguarding_raise_needs_a_disclosure_among_the_examples_it_quotes():
    from navigator.core.triage.stages import _like_a_disclosure

    assert _like_a_disclosure([{"disposition": "gp"}, {"disposition": "safeguarding"}])
    assert _like_a_disclosure([{"disposition": "emergency_999"}])
    assert not _like_a_disclosure([{"disposition": "community"}, {"disposition": "gp"}])
    assert not _like_a_disclosure([])


SAFEGUARDING_ASKS = (
    "the lads round the corner give my little brother weed to hold and he's only 13",
    "my nan's carer keeps taking cash out of her purse and she's scared to say anything",
    "is there a carers allowance if I look after my mum",
)


def test_every_safeguarding_raise_quotes_a_disclosure(knowledge_with_model):
    raised = [
        result
        for result in (triage(text, knowledge_with_model) for text in SAFEGUARDING_ASKS)
        if result.rule == "model:safeguarding"
    ]
    assert raised, "no message here was raised to safeguarding: the test would prove nothing"
    for result in raised:
        assert "(safeguarding)" in result.explanation or "(emergency_999)" in result.explanation
