"""Where the project's files live, found from this package so any working directory works."""

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
SHARED_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
