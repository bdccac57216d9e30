"""Score a frozen round once, three ways, as its first-contact rows in evaluation/README.md are
made: the engine; the engine without the neighbours' vote (every vote gate factor 1, vote 0);
the rules and vocabularies alone (a models folder without a model). Then, for the engine, how
many answers each stage sent too high and which stage answered each emergency sent to a GP or
lower: counts, ids and rule names only, never a message's text, so scoring reads nothing that
could tune the rules.

Run once per round, before any change: python benchmarks/score_round.py hk_emergencies
hl_lookalikes hm_everyday hn_languages   (set names as in evaluation/set_NAME.jsonl)
Needs ../shared/eval/score.py beside the checkout; prints score.py's own lines for each run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from navigator.core.models import Disposition
from navigator.paths import EVALUATION_DIR, REPO_ROOT

SCORER = REPO_ROOT.parent / "shared" / "eval" / "score.py"
MODELS = REPO_ROOT / "models"
NAVIGATE = f"{sys.executable} -m navigator.cli navigate --jsonl"


def without_vote(folder: Path) -> Path:
    """A copy of models/ whose raises no longer wait for the neighbours' vote."""
    for name in ("triage_model.safetensors", "triage_examples.jsonl"):
        shutil.copy(MODELS / name, folder / name)
    meta = json.loads((MODELS / "triage_model.json").read_text(encoding="utf-8"))
    for reading in meta.get("vote_gates", {}).values():
        for gate in reading.values():
            gate.update(factor=1.0, vote=0.0)
    (folder / "triage_model.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def score(cases: Path, models_dir: str | None, answers: Path) -> None:
    """score.py's figures for one run; the run's answers are kept in `answers`."""
    env_prefix = f"env NAVIGATOR_MODELS_DIR={models_dir} " if models_dir else ""
    command = f"bash -c '{env_prefix}{NAVIGATE} | tee {answers}'"
    result = subprocess.run(
        [sys.executable, str(SCORER), str(cases), "--cmd", command],
        capture_output=True, text=True, cwd=REPO_ROOT, check=False,
    )  # fmt: skip
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr)


def stages(cases: Path, answers: Path) -> None:
    """Which stage gave each answer sent too high, and each emergency sent to a GP or lower."""
    expected = {}
    for line in cases.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            expected[case["id"]] = case["expect"]
    too_high, dangerous = Counter(), []
    for line in answers.read_text(encoding="utf-8").splitlines():
        answer = json.loads(line)
        expect, got = expected[answer["id"]], Disposition(answer["disposition"]).acuity
        rule = answer.get("rule") or "-"
        stage = rule if rule.startswith("model:") else rule.split(":")[0]
        if got > max(Disposition(d).acuity for d in expect["accept"]):
            too_high[stage] += 1
        primary = Disposition(expect["disposition"])
        if primary.is_emergency and got <= Disposition.GP.acuity:
            dangerous.append((answer["id"], rule, answer["disposition"]))
    print(f"  too high by stage: {dict(too_high.most_common())}")
    print(f"  emergencies sent to a GP or lower: {dangerous}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sets", nargs="+", help="set names (ga_emergencies) or .jsonl paths")
    args = parser.parse_args()
    if not SCORER.exists():
        sys.exit(f"{SCORER} not found: ../shared must sit beside the checkout")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        no_model = root / "no_model"
        no_model.mkdir()
        (root / "no_vote").mkdir()
        no_vote = without_vote(root / "no_vote")
        for name in args.sets:
            cases = Path(name) if name.endswith(".jsonl") else EVALUATION_DIR / f"set_{name}.jsonl"
            for label, models_dir in (
                ("engine", None), ("without the vote", str(no_vote)), ("rules alone", str(no_model))
            ):  # fmt: skip
                answers = root / f"{cases.stem}_{label.replace(' ', '_')}.jsonl"
                print(f"{name} ({label}):", end=" ")
                score(cases, models_dir, answers)
                if label == "engine":
                    stages(cases, answers)


if __name__ == "__main__":
    main()
