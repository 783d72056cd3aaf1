from tap_assistant.core.reported_speech import find_reported_speech_spans


def spans(text: str) -> list[str]:
    return [text[start:end] for start, end in find_reported_speech_spans(text)]


def test_words_reported_after_a_reporting_word_are_found():
    assert spans('During lunch Eli told a classmate to "shut up" twice.') == ["shut up"]
    assert spans("The coach directed profane language at the umpire (“you're a joke”).") == ["you're a joke"]
    assert spans('She wrote in the chat: "nobody likes you".') == ["nobody likes you"]


def test_quotation_marks_without_a_reporting_word_are_the_writers_own():
    assert spans('Your son is "gifted" at wasting time.') == []
    assert spans('We read "Holes" this month and "Wonder" next.') == []


def test_a_quotation_never_runs_across_lines():
    assert spans('He said "wait\nfor me" later.') == []
