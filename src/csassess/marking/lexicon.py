"""Word knowledge the marker leans on: stems, spelling variants, function words, a lexicon.

Stemming is Snowball's English stemmer (PyStemmer); British/American spelling pairs come
from breame; the list of known English words (to decide what might be a spelling slip) is
pyspellchecker's English frequency list. Everything is cached per process.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

import Stemmer
from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS

_stemmer = Stemmer.Stemmer("english")
_stemmer.maxCacheSize = 100_000

NEGATORS = frozenset(
    "not no never without nor neither nothing nobody none refuse refused refusing "
    "avoid avoided avoiding".split()
)
"""Words that cancel what follows them in the same clause."""

HEDGES = frozenset("maybe perhaps possibly might unsure probably".split())
"""Words that make a claim tentative: credited, but worth a human look."""

CLAUSE_BREAKS = frozenset(
    "but and or so because although though however then while whereas instead yet unless also".split()
)
"""Conjunctions that end the scope of a negation ("I would not argue but apologise")."""

STRONG_BREAKS = CLAUSE_BREAKS - {"and", "also", "then"}
"""Conjunctions that start a new idea: a phrase never matches across them, though it may
across "and" ("internal and external customers")."""

NEGATION_INVERTERS = frozenset("hesitate fail forget neglect only".split())
"""Words after a negation that turn it away from what follows ("I wouldn't hesitate to
apologise", "not only would I apologise")."""

AUXILIARIES = frozenset(
    "is are was were be been being am do does did should would will shall can could must "
    "may might need needs have has had it this that really always ever necessarily at all".split()
)
"""Words that may stand between a term and a negation after it ("apologising is not needed")."""

STOPWORDS = (
    frozenset(
        "a an the this that these those it its i me my mine we us our ours you your yours "
        "he him his she her hers they them their theirs one to of in on at by for from with "
        "about as into onto over under is are was were be been being am do "
        "does did doing have has had having will would shall should can could may must and or "
        "if then than so such there here what which who whom whose when where why how all any "
        "each some own just very too also really quite while s t d "
        "ll ve re m o y".split()
    )
    - NEGATORS
    - HEDGES
)
"""Function words: ignored when matching phrases and when counting words between them."""

EXPLAIN_MARKERS = frozenset(
    "because so therefore thus hence means meaning mean which helps help helping leads lead "
    "leading result results resulting ensure ensures ensuring allows allow allowing makes make "
    "making improve improves encourage encourages since order otherwise cause causes "
    "prevent prevents reduce reduces increase increases shows show build builds keep keeps "
    "gives give feel feels affect affects impact impacts depend depends need needs by".split()
)
"""Words that show a sentence explains rather than lists (a point that needs explanation)."""

CONTRACTIONS = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "i'm": ("i", "am"),
    "let's": ("let", "us"),
}
# Candidates often drop the apostrophe: "dont", "shouldnt" still negate.
CONTRACTIONS.update(
    {
        f"{base}nt": (base, "not")
        for base in "do does did should would could is are was were has have had must need".split()
    }
)
CONTRACTIONS.update({"wont": ("will", "not"), "cant": ("can", "not"), "shant": ("shall", "not")})
_SUFFIXES = {"n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'d": "would", "'m": "am", "'s": ""}


def expand_contraction(token: str) -> tuple[str, ...]:
    """A contraction as its words: ``don't`` -> do, not; ``customer's`` -> customer."""
    if token in CONTRACTIONS:
        return CONTRACTIONS[token]
    for suffix, word in _SUFFIXES.items():
        if token.endswith(suffix) and len(token) > len(suffix):
            base = token[: -len(suffix)]
            return (base, word) if word else (base,)
    return (token,)


def british(word: str) -> str:
    """The British spelling of an American one (``apologize`` -> ``apologise``); else as is."""
    return AMERICAN_ENGLISH_SPELLINGS.get(word, word)


def stem(word: str) -> str:
    """The Snowball stem of a word after mapping it to British spelling."""
    return _stemmer.stemWord(british(word))  # type: ignore[no-any-return]


@cache
def english_words() -> frozenset[str]:
    """Known English words (British and American spellings): tokens here are never 'slips'."""
    data = resources.files("spellchecker") / "resources" / "en.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        words = set(json.load(handle))
    words.update(BRITISH_ENGLISH_SPELLINGS)
    words.update(AMERICAN_ENGLISH_SPELLINGS)
    return frozenset(words)
