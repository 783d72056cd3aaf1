from tap_assistant.core.document import Document, find_quoted_spans, normalise


def test_normalise_keeps_length_and_folds():
    text = "Don\u2019t TEXT\u200b me\r\nİstanbul ß"
    norm = normalise(text)
    assert len(norm) == len(text)
    assert norm.startswith("don't text\x00 me\n")


def test_quoted_lines_and_reply_headers_are_found():
    text = "Thanks, see below.\n> you are an idiot\nMy reply.\nOn Mon, Jan 6, 2025, Pat wrote:\nold text"
    spans = find_quoted_spans(text)
    quoted = [text[s:e] for s, e in spans]
    assert "> you are an idiot" in quoted[0]
    assert quoted[-1].startswith("On Mon") and quoted[-1].endswith("old text")
    doc = Document(text)
    assert not doc.is_quoted(text.index("My reply"))
    assert doc.is_quoted(text.index("idiot"))


def test_outlook_header_block_starts_quoted_text():
    text = "Sure.\n\nFrom: Pat Doe\nSent: Monday\nTo: Sam\nSubject: Re: trip\n\nEarlier words"
    doc = Document(text)
    assert doc.is_quoted(text.index("Earlier"))
    assert not doc.is_quoted(text.index("Sure"))


def test_sentence_bounds():
    text = "First one. Second one! Third?"
    doc = Document(text)
    start, end = doc.sentence_bounds(text.index("Second"))
    assert text[start:end].strip() == "Second one!"


def test_spelled_out_letters_are_joined_for_patterns_only():
    from tap_assistant.core.document import despace_letters

    for text, expected in [("lo\u200bve you", "loove you"), ("L.O.V.E you", "lloovve you"), ("e.g. this", "e.g. this")]:
        doc = Document(text)
        assert doc.pattern_text == expected
        assert len(doc.norm) == len(text)
    assert despace_letters("end. next") == "end. next"
