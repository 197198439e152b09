"""The tokeniser's shortcuts agree with the plain computations they stand in for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from csassess.marking.text import joined_length, tokenise

CHUNK = st.text(min_size=1, max_size=8).filter(lambda s: not any(c.isspace() for c in s))
CHUNKS = st.lists(CHUNK, max_size=12)
ANSWERS = st.lists(
    st.sampled_from(["I", "don't", "won't", "a/b", "customer-focused", "escalate", "--", ".", "it's", "x"]),
    max_size=40,
).map(" ".join) | st.text(max_size=120)


@given(CHUNKS, st.integers(0, 12), st.integers(0, 12))
def test_joined_length_is_the_length_of_the_joined_chunks(chunks, start, stop):
    assert joined_length(chunks, start, min(stop, len(chunks))) == len(" ".join(chunks[start:stop]))


@settings(max_examples=200)
@given(ANSWERS)
def test_the_word_count_summed_while_tokenising_counts_every_word(text):
    tokens = tokenise(text)
    assert tokens.word_count == len(tokens.first_words(10**6)) == sum(1 for p in tokens.pieces if p.word)


@settings(max_examples=300)
@given(ANSWERS)
def test_content_positions_follow_each_chunks_own_stems(text):
    """The fast path (one look-up a chunk, a set test for chunks of several stems) gives the
    stems and chunk numbers that reading every chunk's analysis in turn gives."""
    tokens = tokenise(text)
    expected_stems = []
    expected_chunks = []
    assert len(tokens.analyses) == len(tokens.chunks)
    for c, chunk in enumerate(tokens.chunks):
        assert tokens.analyses[c] is tokenise(chunk).analyses[0]  # one analysis a chunk text
        stems = tokens.analyses[c].stems
        expected_stems.extend(stems)
        expected_chunks.extend([c] * len(stems))
    assert tokens.stems == expected_stems
    assert tokens.chunk_of == expected_chunks
    assert tokens.several == any(len(analysis.stems) > 1 for analysis in tokens.analyses)


def test_a_chunk_of_several_stems_gives_each_a_position():
    tokens = tokenise("A customer-focused team")
    assert tokens.several
    assert tokens.stems == ["custom", "focus", "team"]  # "a" is a function word
    assert tokens.chunk_of == [1, 1, 2]


@settings(max_examples=300)
@given(ANSWERS | st.text(alphabet=" \t\n\x1fab.-'", max_size=40))
def test_chunks_are_located_by_length_only_when_that_finds_them(text):
    """With no list of chunk starts, counting lengths (one separator between chunks) must
    land on every chunk; with one, each start must be where its chunk is."""
    tokens = tokenise(text)
    chunks, starts = tokens.chunks, tokens.chunk_starts()
    if starts is None:
        starts = [joined_length(chunks, 0, k) + (k > 0) for k in range(len(chunks))]
    assert [tokens.norm[s : s + len(c)] for s, c in zip(starts, chunks, strict=True)] == chunks
    if "  " in tokens.norm.strip(" ") or tokens.norm != tokens.norm.strip():
        assert tokens.chunk_starts() is not None or not chunks


SLIPS = st.lists(st.sampled_from(["custmer", "escelate", "the", "cusomer-focused", "x"]), max_size=20)


@settings(max_examples=300)
@given(ANSWERS | SLIPS.map(" ".join))
def test_unknown_words_are_every_chunks_possible_slips_at_their_positions(text):
    tokens = tokenise(text)
    expected = []
    position = 0
    for analysis in tokens.analyses:
        expected += [(position + k, word) for k, word in enumerate(analysis.unknown) if word is not None]
        position += len(analysis.stems)
    assert tokens.unknown_words() == expected
