"""Cutting drafts into bounded requests: UTF-16 caps, whole paragraphs, on-screen first."""

from __future__ import annotations

import pytest

from tap_assistant.engine.chunks import (
    Chunk,
    cap_utf16,
    order_chunks,
    split_chunks,
    utf16_len,
    utf16_prefix_end,
)


def covers(text: str, chunks: list[Chunk]) -> None:
    """Chunks are consecutive slices of `text`; only whitespace is left out between them."""
    position = 0
    for chunk in chunks:
        assert text[chunk.start:chunk.end] == chunk.text
        assert not text[position:chunk.start].strip()
        position = chunk.end
    assert not text[position:].strip()


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("a😀b") == 4
    assert utf16_len("𝒜é") == 3  # é is one BMP unit
    assert utf16_len("😀" * 10) == 20 == len(("😀" * 10).encode("utf-16-le")) // 2


def test_cap_counts_like_the_engine() -> None:
    text = "😀" * 150_000  # 150,000 code points, 300,000 UTF-16 units
    capped = cap_utf16(text, 201_000)
    assert utf16_len(capped) <= 201_000 and len(capped) == 100_500
    assert cap_utf16("a😀", 2) == "a"  # never half of an emoji
    assert cap_utf16("short", 100) == "short"
    assert utf16_prefix_end("ab😀cd", 2, 2) == 3


def test_short_draft_is_one_chunk() -> None:
    text = "Dear parents,\n\nThe trip is on Friday. Please sign the form.\n\nThanks, Ms. Smith"
    assert split_chunks(text, 4000) == [Chunk(0, text)]


def test_paragraphs_are_kept_whole_and_grouped() -> None:
    paragraphs = [f"Paragraph {n} has a few words in it. And a second sentence." for n in range(40)]
    text = "\n\n".join(paragraphs)
    chunks = split_chunks(text, 300)
    covers(text, chunks)
    assert len(chunks) > 1
    for chunk in chunks:
        assert utf16_len(chunk.text) <= 300
        body = chunk.text.strip()
        # every chunk starts and ends on a paragraph boundary
        assert body.split("\n\n")[0] in paragraphs and body.split("\n\n")[-1] in paragraphs


def test_long_paragraph_cut_after_a_sentence_then_at_a_space() -> None:
    sentences = " ".join(f"Sentence number {n} ends here." for n in range(100))
    chunks = split_chunks(sentences, 200)
    covers(sentences, chunks)
    assert all(c.text.rstrip().endswith(".") for c in chunks)
    run_on = " ".join(["word"] * 500)
    chunks = split_chunks(run_on, 103)
    covers(run_on, chunks)
    assert all(utf16_len(c.text) <= 103 and not c.text.startswith("ord") for c in chunks)
    solid = "x" * 1000  # no place to cut: cut anywhere, still bounded
    chunks = split_chunks(solid, 128)
    covers(solid, chunks)
    assert all(utf16_len(c.text) <= 128 for c in chunks)


def test_emoji_heavy_text_stays_under_the_cap_in_utf16_units() -> None:
    text = " ".join(["Great job 👍🏽 today 🎉!"] * 5000) + "\n\n" + "𝒜" * 3000
    assert utf16_len(text) > len(text) + 10_000
    chunks = split_chunks(text, 4000)
    covers(text, chunks)
    assert all(utf16_len(c.text) <= 4000 for c in chunks)
    assert "".join(c.text for c in chunks) == text  # nothing but whitespace-only chunks dropped, none here


def test_whitespace_only_chunks_are_left_out() -> None:
    text = "First.\n" + "\n" * 50 + " " * 50 + "\nLast."
    chunks = split_chunks(text, 20)
    covers(text, chunks)
    assert [c.text.strip() for c in chunks] == ["First.", "Last."]
    assert split_chunks("   \n\n  ", 20) == []


def test_on_screen_chunks_first_then_document_order() -> None:
    chunks = [Chunk(0, "a" * 10), Chunk(10, "b" * 10), Chunk(20, "c" * 10), Chunk(30, "d" * 10)]
    assert order_chunks(chunks) == chunks
    assert [c.start for c in order_chunks(chunks, (15, 25))] == [10, 20, 0, 30]
    assert [c.start for c in order_chunks(chunks, (30, 31))] == [30, 0, 10, 20]


def test_cap_must_fit_an_emoji() -> None:
    with pytest.raises(ValueError):
        split_chunks("😀", 1)
