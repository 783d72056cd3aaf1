from tap_assistant.core.reported_speech import find_reported_clause_spans, find_reported_speech_spans


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


def clauses(sentence: str) -> list[str]:
    return [sentence[start:end] for start, end in find_reported_clause_spans(sentence)]


def test_what_another_person_said_is_their_words_to_the_end_of_the_sentence():
    assert clauses("Two students told me that Jaylen is bringing a knife tomorrow.") == ["Jaylen is bringing a knife tomorrow"]
    assert clauses("His mom said the principal is a clown.") == ["the principal is a clown"]
    assert clauses("Mrs. Ortiz mentioned she will pull him out of school.") == ["she will pull him out of school"]
    assert clauses("I overheard Ty saying he would hurt someone.") == ["he would hurt someone"]


def test_the_writers_comment_on_what_was_said_is_the_writers_own():
    assert clauses("His dad said he's gifted, lol sure.") == ["he's gifted"]
    assert clauses("She claimed the bus left early, but honestly who knows.") == ["the bus left early"]


def test_the_writer_the_reader_and_things_are_not_speakers():
    assert clauses("I told him to stop by the office after lunch.") == []
    assert clauses("As we said on Monday, the trip is cancelled.") == []
    assert clauses("About the complaint you mentioned, send it to my home email.") == []
    assert clauses("If it says restraint, admin has to call the parents.") == []
    assert clauses("Our school still says no to that curriculum.") == []
    assert clauses("Policy says we keep these records for five years.") == []


def test_a_reported_quotation_is_found_inside_a_sentence_too():
    assert clauses('At the game a parent yelled "get him off the field" at our bench.') == ["get him off the field"]
    assert clauses('Eli told a classmate to "shut up" twice.') == ['to "shut up" twice']  # the frame reaches further
