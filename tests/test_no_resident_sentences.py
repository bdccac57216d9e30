"""No resident sentence left in Python: wording lives in content/replies/en.yaml (the file
translators copy) and is read through navigator.core.conversation.wording.

The scan reads every string literal (and f-string, its values counted as `{}`) in
navigator/core, navigator/service, navigator/channels and navigator/web with `ast`.

A literal is *prose* when, with its `{placeholders}` removed, it has at least 3 words and
words are most of it (60% of its whitespace-separated tokens). A word is a token of letters,
with at most an apostrophe, hyphen, ampersand or a trailing mark (. , : ; ? ! ) " ') around
them, and at least one lower-case letter; identifiers (NAVIGATOR_MAX_CHARS), paths, URLs,
HTTP methods (GET, HEAD) and code are not words. Prose found
in code is a failure unless it is one of these, which no resident reads:
- a docstring;
- a message for developers or operators: inside `raise` or `assert`, or an argument of a
  logging call (log./logger./logging.), warnings.warn, print, or a `re` function;
- SQL (first word SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, WITH, PRAGMA);
- a regular expression (it holds \\b, \\s, \\d, \\w or a (?...) group);
- a word list a resident *types* (an element of a list, tuple or set literal, or a key of a
  dict literal, whose strings are all lower case with no . ? !): keywords, answer words and
  phrases matched in messages, never shown;
- a type annotation or subscript (def f(x: "str | None"), Callable[[str], "Fact | None"]).
- a module in STAFF_MODULES: pages and reports for staff, VCS editors and API developers,
  in English only (the brief: resident-facing wording must move, staff wording may).
Shorter fragments (two words: "referral needed", "Christmas Day") are too like labels and
keys to tell apart by rule; they moved to the content file all the same.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from navigator.core.conversation import wording

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("navigator/core", "navigator/service", "navigator/channels", "navigator/web")
# Read by staff, VCS editors or API developers only; each must exist (no stale entries).
STAFF_MODULES = {
    "navigator/core/clinical/hazards.py": "the hazard log report for the clinical safety officer",
    "navigator/core/clinical/monitoring.py": "the clinical monitoring page for staff",
    "navigator/core/clinical/report.py": "the safety report generated for staff",
    "navigator/core/clinical/reviews.py": "content review states for the clinical reviewer",
    "navigator/core/editing/diffs.py": "field labels of a VCS change for reviewers",
    "navigator/core/editing/hoursform.py": "the opening-hours form errors for VCS editors",
    "navigator/core/editing/validation.py": "form errors for VCS editors",
    "navigator/core/reporting/summaries.py": "chart titles on the staff reports",
    "navigator/service/clinical.py": "the clinical review workflow for staff",
    "navigator/service/nudges.py": "delivery failures recorded on the nudge row for operators",
    "navigator/web/admin.py": "the VCS editors' pages",
    "navigator/web/api.py": "the JSON navigate API's errors, for developers",
    "navigator/web/auth.py": "staff and editor log-in",
    "navigator/web/clinical.py": "the clinical review pages for staff",
    "navigator/web/health.py": "the health check, for operators",
    "navigator/web/monitoring.py": "the monitoring pages for staff",
    "navigator/web/oruk.py": "the Open Referral API's errors, for developers",
    "navigator/web/oruk_openapi.py": "the Open Referral API description for developers",
    "navigator/web/staff.py": "the staff reports",
}
MIN_WORDS = 3
WORD_SHARE = 0.6
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"""^["'(]?[A-Za-z][A-Za-z'’&-]*[A-Za-z]?[.,:;?!)"']*$""")
_REGEX = re.compile(r"\\[bsdw]|\(\?")
_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|PRAGMA)\b", re.I)
_DEV_RECEIVERS = {"log", "logger", "logging", "warnings", "re"}
_DEV_FUNCTIONS = {"print"}


def is_prose(text: str) -> bool:
    tokens = _PLACEHOLDER.sub(" ", text).split()
    words = [t for t in tokens if _WORD.match(t) and any(c.islower() for c in t)]
    return len(words) >= MIN_WORDS and len(words) >= WORD_SHARE * len(tokens)


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _is_dev_call(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in _DEV_FUNCTIONS
    if isinstance(func, ast.Attribute):
        receiver = func.value
        return isinstance(receiver, ast.Name) and receiver.id in _DEV_RECEIVERS
    return False


def _is_word_list(node: ast.AST) -> bool:
    if not isinstance(node, (ast.List, ast.Tuple, ast.Set)) or not node.elts:
        return False
    texts = [_literal(e) for e in node.elts]
    return all(
        t is not None and t == t.lower() and not re.search(r"[.?!]", t) for t in texts
    )


def sentences_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of every prose literal a resident might read, by the rule above."""
    tree = ast.parse(source)
    exempt: set[int] = set()

    def exempt_all(node: ast.AST | None) -> None:
        if node is not None:
            exempt.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _literal(body[0].value) is not None:
                exempt_all(body[0].value)
        elif isinstance(node, ast.Raise):
            exempt_all(node.exc)
        elif isinstance(node, ast.Assert):
            exempt_all(node.msg)
        elif (isinstance(node, ast.Call) and _is_dev_call(node)) or _is_word_list(node):
            exempt_all(node)
        elif isinstance(node, ast.Dict) and _is_word_list(ast.List(elts=node.keys)):
            exempt.update(id(key) for key in node.keys)  # {"for a month": 30}: phrases read in
        elif isinstance(node, (ast.arg, ast.AnnAssign)):
            exempt_all(node.annotation)
        elif isinstance(node, ast.Subscript):  # Callable[[str], "str | None"], row["a key"]
            exempt_all(node.slice)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            exempt_all(node.returns)
        elif isinstance(node, ast.JoinedStr):  # judged whole, not by its pieces
            exempt.update(id(v) for v in node.values)
    found = []
    for node in ast.walk(tree):
        text = _literal(node)
        if text is None or id(node) in exempt:
            continue
        if _SQL.match(text) or _REGEX.search(text):
            continue
        if is_prose(text):
            found.append((node.lineno, text))
    return sorted(found)


def _modules() -> list[Path]:
    return sorted(p for d in SCANNED for p in (ROOT / d).rglob("*.py"))


def test_no_resident_sentence_is_left_in_python():
    left = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in _modules()
        if str(path.relative_to(ROOT)) not in STAFF_MODULES
        for line, text in sentences_in(path.read_text(encoding="utf-8"))
    ]
    assert not left, "move to content/replies/en.yaml, read via wording.text():\n" + "\n".join(
        left
    )


def test_staff_modules_listed_exist():
    assert all((ROOT / module).is_file() for module in STAFF_MODULES)


@pytest.mark.parametrize(
    "planted",
    [
        'REPLY = "Call your GP practice today."',
        'def f(name):\n    return f"Sorry, {name} is closed now."',
        'ERRORS = {"empty": "type a message first"}',
        'flash("Your change is saved for residents")',
        'note = "hours not known: call to check"',
    ],
)
def test_the_scan_finds_a_planted_sentence(planted):
    assert sentences_in(planted), planted


@pytest.mark.parametrize(
    "allowed",
    [
        'def f():\n    """Say what this does, in a sentence."""',
        'raise ValueError("schedule must be a mapping, not a list")',
        'assert x, "the nudge day must start before it ends"',
        'log.warning("SMS rate limit reached for one sender; message not processed")',
        'SQL = "SELECT id, name FROM services WHERE type = ? ORDER BY name"',
        'PATTERN = r"\\b(fine now|ok now|better now)\\b"',
        'STOP = frozenset(["stop", "stop texting me", "do not text me"])',
        'KEY = "follow_up.offer"',
        'SETTING = "NAVIGATOR_MAX_MESSAGE_CHARS"',
        'TEXT = wording.text("ask.age")',
        'LABEL = "red flags"',
        'DURATIONS = {"for a month": 30, "past few weeks": 21}',
        'def f(code: "str | PostcodeFact | None"): pass',
        'Lookup = Callable[[str], "str | PostcodeFact | None"]',
        'ALLOW = "GET, HEAD, OPTIONS"',
    ],
)
def test_the_scan_spares_what_no_resident_reads(allowed):
    assert not sentences_in(allowed), allowed


def test_wording_the_scan_moved_is_in_the_content_file():
    assert wording.text("static_reply").startswith("Sorry, we cannot answer right now.")
