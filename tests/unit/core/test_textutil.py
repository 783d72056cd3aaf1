import pytest

from tap_assistant.core.textutil import cap_text, codepoint_offset, decode_input, looks_binary, utf16_offset


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"PK\x03\x04\x14\x00",
        bytes(range(32)) * 50,
        bytes([0xC3, 0x28, 0xA0, 0xA1]) * 100,
    ],
)
def test_binary_content_is_recognised(data):
    assert looks_binary(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "Dear family,\r\nThe trip is on Friday. \U0001F600 \u05e9\u05dc\u05d5\u05dd".encode(),
        b"Mz. Jones says hi\x00 with a stray NUL",
        b"<html><body><p>Hello <b>class</b></p></body></html>",
    ],
)
def test_text_is_not_binary(data):
    assert not looks_binary(data)


def test_decode_replaces_and_reports_invalid_bytes():
    prepared = decode_input(b"\xef\xbb\xbfok \xff done")
    assert prepared.text == "ok \ufffd done"
    assert prepared.notices[0].code == "invalid-utf8"


def test_cap_text():
    assert cap_text("abc", 5).notices == []
    capped = cap_text("abcdef", 3)
    assert capped.text == "abc" and capped.notices[0].code == "truncated"


@pytest.mark.parametrize("text", ["", "plain ASCII draft", "café — naïve “quotes”", "emoji 👋 then 𝒜 and 👨‍👩‍👧 end"])
def test_utf16_and_code_point_offsets_are_inverse_and_count_astral_characters_twice(text: str) -> None:
    units = 0
    for index, ch in enumerate(text + "\0"):  # one past the end too
        assert utf16_offset(text, index) == units
        assert codepoint_offset(text, units) == index
        units += 2 if ord(ch) > 0xFFFF else 1
    assert codepoint_offset(text, -3) == 0 and codepoint_offset(text, units + 10) == len(text)
