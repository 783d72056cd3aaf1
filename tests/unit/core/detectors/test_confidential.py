"""education_record_near_name (A2) and personnel_near_name (A3): vocabulary near a person."""

from __future__ import annotations

import pytest

from tap_assistant.core.detectors.confidential import education_record_near_name, personnel_near_name
from tests.unit.core.detectors.helpers import found, run


def flagged(detector, text):
    return [(text[h.start:h.end], h.detail) for h in run(detector, text)]


# ---------------------------------------------------------------- education records


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jordan's IEP says he needs extra time.", [("IEP", "IEP/504")]),
        ("Did you know Maria was suspended for fighting?", [("suspended", "discipline")]),
        ("Jordan has ADHD.", [("ADHD", "diagnosis")]),
        ("I think Maria takes Adderall at lunch.", [("Adderall", "medication")]),
        ("Her son was expelled last year.", [("expelled", "discipline")]),
        ("The student failed the test again.", [("failed the test", "grades")]),
        ("Ms. Garcia's daughter has a 504 plan.", [("504 plan", "IEP/504")]),
        ("Your classmate Devin is on a behavior plan.", [("behavior plan", "behavior plan")]),
        ("We sent the eval results for Sam home.", [("eval results", "evaluation")]),
        ("Ava's GPA dropped to 1.9.", [("GPA", "grades")]),
        ("Liam has 14 unexcused absences.", [("unexcused", "attendance"), ("absences", "attendance")]),
        ("Mom has custody of Ethan now.", [("custody", "custody")]),
        ("I called DCFS about Noah.", [("DCFS", "abuse report")]),
        ("Chloe started counseling after the divorce.", [("counseling", "counseling"), ("divorce", "custody")]),
        ("Kayla's test scores were the lowest in class.", [("test scores", "test scores")]),
        ("The family of Omar is homeless right now.", [("homeless", "family circumstances")]),
        ("His daughter is dyslexic.", [("dyslexic", "diagnosis")]),
        ("Nice to have Lena back after two weeks in the psychiatric unit.", [("psychiatric unit", "diagnosis")]),
        ("Glad to see Paulo home from an inpatient program; go easy this week.", [("inpatient program", "diagnosis")]),
    ],
)
def test_education_record_hits(text, expected):
    assert flagged(education_record_near_name, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please review the IEP meeting agenda before Friday.",
        "The fall conference schedule is attached.",
        "Hi Ms. Smith, please review the IEP meeting agenda.",  # greeting names the recipient
        "Dear Jordan,\nYour work this week was great.",
        "We will discuss anxiety in health class on Monday.",
        "Please send the IEP to Google Drive by Friday.",
        "Attendance will be taken at 8:00.",
        "Our 504 coordinator is out today.",
        "Thanks,\nMaria",
        "The IEP template changed. Please use it.\n\nBest,\nJordan",
        "Medication forms must be signed by a parent.",
        "October is ADHD Awareness Month at Lincoln Elementary.",
        "Questions? Write to Dr. Lena Moss, Director of Special Education.",  # a job title
        "Ms. Tran, the Coordinator for Special Education, runs the parent night.",
        "The IEP Team meets in the Conference Room on Friday.",
        "All the students with IEPs will test in room 5.",
        "",
    ],
)
def test_education_record_misses(text):
    assert found(education_record_near_name, text) == []


def test_name_farther_than_ten_words_does_not_count():
    text = "Jordan came by today and we talked about many things in the hallway before the bell and then about the IEP process."
    assert found(education_record_near_name, text) == []


def test_name_in_another_paragraph_does_not_count():
    assert found(education_record_near_name, "Thanks Jordan.\n\nThe IEP forms are due.") == []


# ---------------------------------------------------------------- personnel


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Did you hear Mr. Davis was placed on administrative leave?", [("administrative leave", "leave")]),
        ("Ms. Ortiz got a terrible evaluation this year.", [("evaluation", "evaluation")]),
        ("My colleague got written up yesterday.", [("written up", "discipline")]),
        ("The principal's salary is public?", [("salary", "pay")]),
        ("Ms. Lopez is on medical leave for cancer treatment.", [("medical leave", "health"), ("cancer", "health")]),
        ("A complaint was filed against Mr. Reed.", [("complaint was filed", "complaint")]),
        ("Jordan got fired from the district office.", [("fired", "termination")]),
        ("Our new teacher is on a PIP.", [("PIP", "improvement plan")]),
        ("Coach Miller was let go.", [("let go", "termination")]),
        ("Dr. Patel took FMLA.", [("FMLA", "health")]),
        ("Ms. Ruiz got written up the other day.", [("written up", "discipline")]),
        ("Mr. Cole's knee surgery went badly, he's out till May.", [("surgery", "health")]),
        ("Did Ms. Vance get a write-up from the principal?", [("write-up", "discipline")]),
        ("The employee, Mr. Grady, is on administrative leave.", [("administrative leave", "leave")]),
        ("Ms. Park is furious about her evaluation.", [("her evaluation", "evaluation")]),
        # a titled adult's evaluation is a colleague's, not a student's
        ("As for teachers, Mr. Stone's evaluation was rough this year.", [("evaluation", "evaluation")]),
    ],
)
def test_personnel_hits(text, expected):
    assert flagged(personnel_near_name, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Davis will cover the field trip on Friday.",
        "Teacher evaluations are due in May.",
        "I'm on sick leave tomorrow.",
        "Hi all, I'm going on maternity leave starting March 3.",  # the writer's own leave
        "I've written up the incident from 4th period in the sub report.",  # a report, not a reprimand
        "Salary schedules are on the HR site.",
        "Jordan's evaluation is next week.",  # a student's evaluation: the education detector's job
        "Please complete the observation form.",
        "Hi Mrs. Ortega, I'm back this week after my shoulder surgery; thank you for your patience with Mr. Bell.",
        "Coach Reyes, thanks for your write-up about the fight on the bus; it went to the dean.",
        "Ms. Lin, attaching this morning's incident write-up for Dante's file.",
        "Mr. Osei, Priya has two science write-ups outstanding; can she finish them in your room?",  # coursework
        # a statement that identifies nobody
        "We know about the post regarding a staff member. The employee is on administrative leave while an investigation is completed.",
        # a student's evaluation named in the message: other mentions are the student's too
        "Pat, Lucy's re-eval is late. I logged the evaluation dates and told Dr. Grant this morning.",
        "",
    ],
)
def test_personnel_misses(text):
    assert found(personnel_near_name, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ms. Marsh will complete an evaluation of your placement at the midpoint.",
        "Dr. Lin is out through April; Mr. Haddad will cover her evaluations in the meantime.",
        "The panel weighs Ms. Soto's evaluation of your daughter's writing samples.",
        "Since the reading group hasn't closed the gap, Mr. Ames suggests a comprehensive evaluation; "
        "at the meeting Dr. Kaur will explain the evaluation.",
    ],
)
def test_an_evaluation_someone_performs_is_not_their_personnel_matter(text):
    assert found(personnel_near_name, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Jada, your placement is at Summit Physical Therapy on Grant Ave. starting Tuesday.",
        "Happy Special Education Appreciation Week to our paraprofessionals, Ms. Diaz and Mr. Hart!",
    ],
)
def test_a_record_word_inside_a_business_or_event_name_is_not_a_record(text):
    assert found(education_record_near_name, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Liam wants to become a physical therapy assistant after graduation.",
        "Several seniors, like Imani, have applied to physical therapy programs.",
    ],
)
def test_therapy_as_a_job_or_a_course_is_not_a_record(text):
    assert found(education_record_near_name, text) == []


def test_a_record_word_in_prose_beside_a_name_still_hits():
    assert found(education_record_near_name, "Jada has physical therapy on Tuesdays, so she leaves early.")


@pytest.mark.parametrize(
    "text",
    [
        "Because a minor is involved, we cannot share Devon's name or any disciplinary outcome.",
        "I'm not able to discuss Ava's GPA with other families.",
    ],
)
def test_a_record_the_writer_declines_to_share_is_not_disclosed(text):
    assert found(education_record_near_name, text) == []


def test_a_record_shared_after_a_refusal_elsewhere_still_hits():
    text = "I can't share much yet. Ava's GPA dropped to 1.9 this term."
    assert found(education_record_near_name, text) == ["GPA"]


@pytest.mark.parametrize(
    "text",
    [
        "Please welcome Mr. Ortiz to our custodial crew on the night shift.",
        "If your student has an IEP or 504 plan, Ms. Vann will request the accommodations with you.",
    ],
)
def test_a_custodial_job_or_a_condition_any_family_may_meet_is_not_a_record(text):
    assert found(education_record_near_name, text) == []


def test_a_custody_arrangement_beside_a_name_still_hits():
    assert found(education_record_near_name, "Ms. Vann says Eli's custodial parent changed.") == ["custodial"]


def test_visitation_at_a_funeral_is_not_custody():
    text = "Mr. Ruiz's family thanks you. Visitation will be Thursday from 4 to 7 p.m. at Lakeside Funeral Home."
    assert found(education_record_near_name, text) == []


def test_visitation_between_parents_is_still_custody():
    assert found(education_record_near_name, "Jaylen's dad has visitation every other weekend now.") == ["visitation"]


@pytest.mark.parametrize(
    "text",
    [
        "Hi Jordan, I've finished your midterm evaluation and sent it to Dr. Patel.",
        "If your child has a health condition that makes heat hard for them, tell Nurse Mendez by Thursday.",
        "Ms. Perez, we can't discuss another teacher's evaluation with parents.",
        # the reader's own family, named with the reader's surname
        "Hi Mrs. Obi,\nWe're all thinking of you during Mr. Obi's surgery; Tayo can stay after school with us.",
        "Dear Mr. and Mrs. Lund, I hope Mrs. Lund's surgery on Monday goes smoothly.",
    ],
)
def test_the_readers_own_matter_a_childs_health_or_a_refusal_is_not_personnel(text):
    assert found(personnel_near_name, text) == []


def test_a_colleagues_evaluation_named_to_the_reader_still_hits():
    assert found(personnel_near_name, "Did you hear Ms. Perez got a bad evaluation from the principal?") == ["evaluation"]


def test_another_adult_named_to_the_same_reader_still_hits():
    assert found(personnel_near_name, "Hi Mrs. Obi,\nMr. Hale's surgery went badly, so he's out till May.") == ["surgery"]


def test_the_schools_counseling_services_are_not_a_students_record():
    text = "Maya Brooks and two classmates made the film; it lists the school's counseling services at the end."
    assert found(education_record_near_name, text) == []


def test_a_student_in_counseling_is_still_a_record():
    assert found(education_record_near_name, "Maya Brooks has been in counseling since the fall.") == ["counseling"]


def test_vocational_rehab_is_an_agency_not_a_colleagues_treatment():
    text = "Jaden, Mr. Osei from vocational rehab will join your transition meeting on Monday."
    assert found(personnel_near_name, text) == []
    assert found(personnel_near_name, "Mr. Osei is back from rehab on Monday.") == ["rehab"]


def test_a_job_title_in_the_signature_is_not_a_students_record():
    text = "Noah loved the obstacle course this week!\nDana Fitch, OTR/L\nOccupational Therapist, Birch Hill Elementary"
    assert found(education_record_near_name, text) == []
    assert found(education_record_near_name, "Lily Chen sees the speech therapist on Tuesdays.") != []


def test_a_record_word_near_a_titled_adult_is_not_a_students_record():
    text = "Sign-ups are private: the list goes only to our school social worker, Mr. Dunne, and the pantry."
    assert found(education_record_near_name, text) == []
    assert found(education_record_near_name, "Leo Moreno sees the school social worker on Mondays.") != []


def test_a_doctor_named_after_their_profession_is_not_staff():
    text = "He had surgery early this morning. His surgeon, Dr. Wells, expects him home by Sunday."
    assert found(personnel_near_name, text) == []
    assert found(personnel_near_name, "Mr. Wells had surgery this morning, so he is out all week.") == ["surgery"]


def test_a_rule_about_any_employee_is_not_anyones_matter():
    assert found(personnel_near_name, "A grievance must be filed within 30 days of the event; ask Ms. Lyle.") == []
    assert found(personnel_near_name, "A grievance was filed against Ms. Lyle last week.") == ["grievance"]


def test_an_evaluation_form_or_schedule_is_a_procedure_not_someones_evaluation():
    assert found(personnel_near_name, "Please upload the observation rubric for Mrs. Grant by Friday.") == []
    assert found(personnel_near_name, "Ms. Cole's observation form says she was rated unsatisfactory.") != []


def test_the_counseling_office_and_a_homeless_liaison_are_posts_not_records():
    assert found(education_record_near_name, "Dev, pick up your new schedule at the counseling window tomorrow.") == []
    assert found(education_record_near_name, "Hi Ms. Orr, Mr. Lund from counseling will meet Dev at the door.") == []
    text = "This is Ana Ruiz, the district's homeless liaison; Kevin's bus pass is ready."
    assert found(education_record_near_name, text) == []
    assert found(education_record_near_name, "Kevin Ortiz and his mom are homeless right now.") == ["homeless"]


def test_observation_times_and_an_investigation_someone_leads_are_not_anyones_matter():
    assert found(personnel_near_name, "Mr. Ortiz will send everyone new observation dates next week.") == []
    text = "The school has opened an investigation, led by Dean Sara Voss, into the bus incident."
    assert found(personnel_near_name, text) == []
    assert found(personnel_near_name, "An investigation into Ms. Voss began Monday.") != []


def test_players_in_rehab_are_athletes_recovering_not_a_colleagues_health():
    text = "Players in rehab for a sprain can use the training room on Monday; Coach Banks will be there."
    assert found(personnel_near_name, text) == []
    assert found(personnel_near_name, "Coach Banks is in rehab again, so practice is cancelled.") != []


def test_a_form_or_a_course_every_family_meets_is_not_a_childs_record():
    text = "Mia, Leo and Sam: bring the signed concussion information sheet and the allergy form by Friday."
    assert found(education_record_near_name, text) == []
    assert found(education_record_near_name, "Mia had a concussion at Friday's game and sits out this week.") != []


def test_an_exposure_notice_that_names_no_child_is_not_a_record():
    text = "A child in your son's class has been diagnosed with strep throat; watch for a sore throat or fever."
    assert found(education_record_near_name, text) == []
    assert found(education_record_near_name, "Noah Perez has been diagnosed with strep throat.") != []
    assert found(education_record_near_name, "A child in your son's class has been diagnosed with autism.") != []


def test_a_health_service_or_students_in_general_are_not_a_colleagues_health():
    service = "Ask Mr. Oyelaran about the new mental health services any morning this week."
    assert found(personnel_near_name, service) == []
    assert found(personnel_near_name, "Mr. Oyelaran is out for his mental health, so I'm covering.") != []
    students = "Kids who sit the test in a quiet room because of a disability should see their teacher, Ms. Ruan."
    assert found(personnel_near_name, students) == []
    assert found(personnel_near_name, "Ms. Ruan is out because of a disability claim.") != []


def test_an_operation_or_a_hospital_stay_near_a_childs_name_is_a_health_record():
    assert found(education_record_near_name, "Big hugs to Priya, home after her spine surgery!") != []
    assert found(education_record_near_name, "Jonah is back from the Lakeside behavioral health unit.") != []
    assert found(education_record_near_name, "Priya's group toured the hospital kitchen on Friday.") == []
    assert found(education_record_near_name, "Priya's grandfather is in the hospital, so she may be quiet.") == []
