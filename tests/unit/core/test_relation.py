"""Whose child a sentence is about (issue 10, item 1): records of another student are flagged
even when the reader is a parent; the reader's own child's records stay informational."""

from __future__ import annotations

import pytest

from tap_assistant.core.checker import build_checker
from tap_assistant.core.config import Configuration, Settings
from tap_assistant.core.document import Document
from tap_assistant.core.relation import OTHER_STUDENT, OWN_CHILD, relation_near
from tap_assistant.core.rulepack import RuleError, parse_rule


@pytest.fixture(scope="module")
def checker():
    return build_checker(Configuration(settings=Settings(district_domains=["district.example.org"])))


ANOTHER_STUDENT = [
    # a group of volunteers or chaperones, greeted after a chat's header, has no own child
    "[Group chat: Science night helpers]\nMorning all! Keep an eye on Rosa, she is back from a psychiatric hospital stay.",
    "Hi lunch volunteers! Go easy on Theo, he was just diagnosed with diabetes.",
    # a family named in the third person, to a group greeted with a hyphenated name
    "Hi bake-sale parents,\nQuick note: the Nguyens' daughter Lily has a 504 plan, so she'll sit out the booth.",
    # children named as "the X kids" count, so the one named child is not taken for the reader's own
    "Hi Ms. Greer,\nThe Osei kids are on the list, and Jayden has an IEP for behavior.",
    # A classmate's IEP accommodations mentioned to a room parent.
    "Hi Ms. Lee, thanks for helping in class. Just so you know, a classmate's IEP gives him extra time on tests.",
    # A class newsletter naming a child whose parents are separating.
    "Dear families,\nThis week in Room 4: Mia's parents are going through a divorce, so please be kind to her.",
    # A team-wide email explaining why a player is suspended.
    "Hi team and families,\nDevon Price is suspended for Friday's game because of the fight at lunch.",
    # A note to one family describing another child's behaviour plan.
    "Dear Mrs. Park,\nAnother child in the class has a behavior plan, and Sam sits next to him.",
    # The reader's own child is named, and so is someone else's.
    "Hi Mr. Ruiz, your son Mateo and Liam were both suspended after the fight.",
    "Hi Mrs. Grant, her son has ADHD, so please be patient with him on the trip.",
    # A child named by surname in a group message ("the Morales boy") is still a child.
    "Route 7 families,\nThe bus was late because the Morales boy had a seizure at the Birch Lane stop.",
    # The other student, not the reader's own child, is named before the record.
    "Dear Mrs. Olsen,\nAnother student got a lunch detention after he shoved Sam in line.",
]

OWN_CHILD_TWINS = [
    "Dear Mrs. Park,\nSam's behavior plan is working well; he earned all his points this week.",
    "Dear Mr. and Mrs. Doe,\nElla's IEP meeting is on Friday at 2. We will review her reading goals.",
    # A condition named after a person is not a second child ("Crohn's disease", "Down syndrome").
    "Dear Ms. Lund,\nAs agreed, Omar's 504 plan now covers rest breaks for his Crohn's disease.",
    "Hello Mr. Ruiz,\nMia's IEP team will add speech goals linked to her Down syndrome diagnosis.",
    "Hi Mr. Ruiz, your son Mateo has his 504 meeting on Tuesday.",
    "Dear Jake's parents,\nJake was sent to the office today and has a detention on Thursday.",
    "Hello Mr. Diaz, I'm attaching Luis's progress report from PowerSchool. His grades went up. "
    "Let me know if you want to meet in Oct.\nSincerely, Karen Boyd",
    "Good afternoon Mrs. Patel,\nPer our phone call, Priya's 504 plan now includes breaks.\n"
    "Regards,\nTom Alvarez, School Counselor",
    # The own child, not the other student, is named before the record.
    "Dear Mrs. Olsen,\nThis week Sam has a lunch detention on Thursday because he shoved another student in line.",
    # "a student" in a rule about any student is not another child.
    "Dear Mr. Ochoa,\nDiego now has 5 unexcused absences. When a student reaches 10 unexcused absences, "
    "we hold an attendance meeting with the family.",
    # A name written after a title is an adult's, even where it stands alone ("Hale's note").
    "Hello Mrs. Quinn,\nAs Dr. Hale asked, Nora's 504 plan now allows elevator use; Hale's note is attached.",
    # A contraction at the start of a sentence is not a child's name.
    "Hi Mr. Berg,\nHere's the summary from today: Lena's IEP now includes a reading fluency goal.",
]


@pytest.mark.parametrize("text", ANOTHER_STUDENT)
def test_another_students_record_is_flagged_to_a_parent(checker, text):
    report = checker.check(text, "parent")
    assert report.verdict.value == "caution", [(f.rule, f.severity, f.text) for f in report.findings]
    assert any("another student" in f.message for f in report.counted_findings())


@pytest.mark.parametrize("text", OWN_CHILD_TWINS)
def test_the_readers_own_childs_record_stays_informational(checker, text):
    report = checker.check(text, "parent")
    assert report.verdict.value == "pass", [(f.rule, f.severity, f.text) for f in report.findings]


def test_relation_of_a_hit():
    text = "Hi Mr. Ruiz, your son Mateo has a 504 plan. Next week Liam starts an IEP."
    doc = Document(text)
    assert relation_near(doc, text.index("504"), text.index("504") + 3, words=3) == OWN_CHILD
    assert relation_near(doc, text.index("IEP"), text.index("IEP") + 3, words=3) == OTHER_STUDENT
    assert relation_near(Document("The IEP forms are attached."), 4, 7) == ""


def test_relation_keys_are_validated():
    base = {"id": "A2.x", "pillar": "accessible", "severity": "caution", "message": "m", "why": "w",
            "headline": "h", "patterns": ["iep"]}
    assert parse_rule({**base, "severity_by_relation": {"other_student": "stop"}}).severity_by_relation
    with pytest.raises(RuleError):
        parse_rule({**base, "severity_by_relation": {"cousin": "stop"}})
    with pytest.raises(RuleError):
        parse_rule({**base, "severity_by_relation": {"other_student": "off"}})


def test_colleagues_still_discuss_students_freely(checker):
    report = checker.check("Dear Mrs. Park,\nAnother child in the class has a behavior plan.", "colleague")
    assert report.verdict.value == "pass"


# To a student, the own "child" is the reader: their own record is theirs to read, a classmate's is not.
STUDENT_OWN_RECORD = [
    "Hi Maya,\nYour IEP meeting moved to Friday at 2, and your mom will be there too.",
    "Hi Maya, Maya's 504 plan gives you extra time, so take the quiz in Room 12.",
    "Devon, you got suspended for Friday's game, so practice with the JV on Monday.",
    "Keisha—your IEP review moved to Monday at 9, and your aunt is coming too.",
    "Keisha – your IEP review moved to Monday at 9, and your aunt is coming too.",
]
STUDENT_CLASSMATE_RECORD = [
    "Hi Maya,\nSam's IEP gives him extra time, so please don't tell him he's slow.",
    "Hey Devon, did you hear that Tyler got suspended for the fight?",
    "Hi Maya, a classmate's 504 plan means he sits by the door.",
]


@pytest.mark.parametrize("text", STUDENT_OWN_RECORD)
def test_a_students_own_record_to_that_student_stays_informational(checker, text):
    report = checker.check(text, "student")
    assert report.verdict.value == "pass", [(f.rule, f.severity, f.text) for f in report.findings]


@pytest.mark.parametrize("text", STUDENT_CLASSMATE_RECORD)
def test_a_classmates_record_to_a_student_is_flagged(checker, text):
    report = checker.check(text, "student")
    assert report.verdict.value == "caution", [(f.rule, f.severity, f.text) for f in report.findings]
    assert any("another student" in f.message for f in report.counted_findings())


def test_relation_for_a_student_reader():
    text = "Hi Maya, your IEP is on file. I think Sam has one too."
    doc = Document(text)
    own, other = text.index("IEP"), text.index("one too")
    assert relation_near(doc, own, own + 3, words=3, student_reader=True) == ""
    assert relation_near(doc, other, other + 3, words=3, student_reader=True) == OTHER_STUDENT
    # A parent's reading of the same single name is "own child" (rule 3), a student's is not.
    single_text = "I think Sam has an IEP."
    single, hit = Document(single_text), single_text.index("IEP")
    assert relation_near(single, hit, hit + 3) == OWN_CHILD
    assert relation_near(single, hit, hit + 3, student_reader=True) == OTHER_STUDENT


def test_a_school_named_once_is_a_place_everywhere_in_the_draft():
    from tap_assistant.core.detectors._names import person_refs

    text = "Lincoln Elementary families spoke at the board meeting about the Lincoln roof."
    doc = Document(text)
    assert [text[r.start:r.end] for r in person_refs(doc, 0, len(text), relational=False)] == []


def test_a_place_or_a_thing_after_an_article_is_not_a_child():
    text = "Dear Band Families,\nThe Orlando trip is soon. Medications: All medications go to the trip nurse."
    assert relation_near(Document(text), text.index("medications go"), text.index("medications go") + 11) == ""


def test_a_letter_to_the_parent_of_a_named_child_is_about_the_readers_child():
    text = "Dear Parent/Guardian of Liam Ortiz,\n\nOur records show that Liam has 6 unexcused absences this term."
    hit = text.index("unexcused")
    assert relation_near(Document(text), hit, hit + 9) == OWN_CHILD


def test_a_court_case_an_organisation_or_an_adults_surname_is_not_a_child():
    from tap_assistant.core.detectors._names import person_refs

    for text in (
        "Under Tinker v. Des Moines, students keep their free-speech rights at school.",
        "Sign-ups go to Lakeside Family Pantry and nobody else.",
        "Talk with our family liaison, Ms. Efua Mensah, any afternoon.",
    ):
        doc = Document(text)
        refs = [text[r.start:r.end] for r in person_refs(doc, 0, len(text), relational=False)]
        assert all(r.startswith("Ms.") for r in refs), refs
    text = "Maria Elena Ruiz and her brother joined the club."
    assert "Maria" in [text[r.start:r.end] for r in person_refs(Document(text), 0, len(text), relational=False)]


def test_a_course_named_after_its_level_is_not_a_child():
    from tap_assistant.core.detectors._names import person_refs

    for text in ("Your IB Bio lab is due Monday.", "We moved Honors Chem to room 12.", "Study for the AP Gov unit test."):
        doc = Document(text)
        assert [text[r.start:r.end] for r in person_refs(doc, 0, len(text), relational=False)] == []
    text = "You scored 58% on the AP Stats practice test, and Jordan scored higher."
    assert [text[r.start:r.end] for r in person_refs(Document(text), 0, len(text), relational=False)] == ["Jordan"]


def test_a_rule_about_any_student_is_not_another_child_but_a_told_event_is():
    text = (
        "Dear Ms. Varga,\nNoah has missed 9 days this term. A student who misses 10 days is considered "
        "chronically absent, so we would like to meet."
    )
    hit = text.index("chronically")
    assert relation_near(Document(text), hit, hit + 11) != OTHER_STUDENT
    told = text.replace("A student who misses 10 days is considered", "A student who sits near him was also")
    assert relation_near(Document(told), told.index("chronically"), told.index("chronically") + 11) == OTHER_STUDENT
