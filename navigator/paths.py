"""Where the project's files live, found from this package so any working directory works."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
CONTENT_DIR = REPO_ROOT / "content"
TOPICS_DIR = CONTENT_DIR / "topics"
RULES_DIR = CONTENT_DIR / "rules"
DIRECTORY_DIR = REPO_ROOT / "directory"
TEMPLATES_DIR = REPO_ROOT / "templates"
STATIC_DIR = REPO_ROOT / "static"
INSTANCE_DIR = REPO_ROOT / "instance"
# The real open data (../shared/data beside the checkout in CI); NAVIGATOR_SHARED_DATA points
# elsewhere (a git worktree, a download folder). Tests skip what needs it when it is missing.
SHARED_DATA_DIR = Path(
    os.environ.get("NAVIGATOR_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data"
)
SHARED_DIR = SHARED_DATA_DIR.parent  # ../shared: data/ and eval/ (the scorer, dev cases)
CORPUS_DIR = REPO_ROOT / "corpus"  # labelled messages the second opinion learns from
EVALUATION_DIR = REPO_ROOT / "evaluation"  # frozen sets: never trained or tuned on
MODELS_DIR = REPO_ROOT / "models"  # trained artifacts, rebuilt by `navigator train`
