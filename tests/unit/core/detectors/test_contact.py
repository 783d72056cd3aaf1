"""personal_email and phone_number.

Email cases follow the spirit of Presidio's test_email_recognizer (valid address with and
without context, several addresses, a truncated domain is no address); phone cases follow its
test_phone_recognizer (US national and +1 international forms) plus the school-specific
non-phone numbers (years, times, dates, rooms, prices, ZIP codes, student IDs).
"""

from __future__ import annotations

import pytest

from tap_assistant.core.config import Settings
from tap_assistant.core.model import Severity
from tap_assistant.core.detectors.contact import is_webmail, open_recipients, personal_email, phone_number
from tests.unit.core.detectors.helpers import DISTRICT, details, found, run

NO_DISTRICT = Settings()


# ---------------------------------------------------------------- personal_email: positives

@pytest.mark.parametrize(
    "text, expected, detail",
    [
        ("You can email me at coach.dan@gmail.com this weekend.", "coach.dan@gmail.com", "personal address (gmail.com)"),
        ("Send it to mrs.lee1987@yahoo.com.", "mrs.lee1987@yahoo.com", "personal address (yahoo.com)"),
        ("my email is Jo.Smith+school@Hotmail.com", "Jo.Smith+school@Hotmail.com", "personal address (hotmail.com)"),
        ("write to t_k@outlook.com", "t_k@outlook.com", "personal address (outlook.com)"),
        ("icloud: ann@icloud.com", "ann@icloud.com", "personal address (icloud.com)"),
        ("ann@me.com", "ann@me.com", "personal address (me.com)"),
        ("old one: dan@aol.com", "dan@aol.com", "personal address (aol.com)"),
        ("secure: dan@proton.me or dan@protonmail.com", "dan@proton.me", "personal address (proton.me)"),
        ("uk: dan@yahoo.co.uk", "dan@yahoo.co.uk", "personal address (yahoo.co.uk)"),
        ("de: dan@gmx.de", "dan@gmx.de", "personal address (gmx.de)"),
        ("isp: dan@comcast.net", "dan@comcast.net", "personal address (comcast.net)"),
        ("info@presidio.site", "info@presidio.site", "non-district address (presidio.site)"),
        ("my email is info@presidio.site", "info@presidio.site", "non-district address (presidio.site)"),
    ],
)
def test_personal_and_non_district_addresses_hit(text, expected, detail):
    hits = run(personal_email, text)
    assert [text[h.start:h.end] for h in hits][:1] == [expected]
    assert hits[0].detail == detail


def test_several_addresses_each_hit_with_exact_spans():
    text = "try one of these emails: info@presidio.site or anotherinfo@presidio.site"
    hits = run(personal_email, text)
    assert [(h.start, h.end) for h in hits] == [(25, 43), (47, 72)]


@pytest.mark.parametrize(
    "text, expected, domain",
    [
        ("email me: coachdan at gmail dot com", "coachdan at gmail dot com", "gmail.com"),
        ("coach.dan [at] gmail [dot] com", "coach.dan [at] gmail [dot] com", "gmail.com"),
        ("coach.dan(at)yahoo(dot)com", "coach.dan(at)yahoo(dot)com", "yahoo.com"),
        ("coach.dan [at] gmail.com", "coach.dan [at] gmail.com", "gmail.com"),
        ("dan {at} hotmail {dot} com", "dan {at} hotmail {dot} com", "hotmail.com"),
        ("reach me: dan at icloud.com", "dan at icloud.com", "icloud.com"),
        ("dan [at] example [dot] org", "dan [at] example [dot] org", "example.org"),
    ],
)
def test_obfuscated_addresses_hit(text, expected, domain):
    hits = run(personal_email, text)
    assert [text[h.start:h.end] for h in hits] == [expected]
    assert domain in hits[0].detail


# ---------------------------------------------------------------- personal_email: negatives

@pytest.mark.parametrize(
    "text",
    [
        "You can email me at d.lopez@district.example.org this weekend.",
        "Write to d.lopez@mail.district.example.org (a subdomain).",
        "Principal: j.ray@springfield.k12.il.us",
        "my email is info@presidio.",  # Presidio: truncated domain is no address
        "Meet me at school at noon.",
        "We met at Gmail's office tour.",
        "Look at home dot com for fun?",  # bare 'at' form only for personal providers
        "Send the permission form to the front office.",
        "Follow @coachdan on the school page.",
        "Price is 5 at 3.50 each.",
    ],
)
def test_no_personal_address(text):
    assert found(personal_email, text) == []


def test_without_district_domains_only_webmail_hits():
    text = "Write to dan@gmail.com or dan@someschool.org."
    assert found(personal_email, text, NO_DISTRICT) == ["dan@gmail.com"]
    assert found(personal_email, text, DISTRICT) == ["dan@gmail.com", "dan@someschool.org"]


def test_district_domain_in_odd_forms_is_recognised():
    settings = Settings(district_domains=["@District.Example.org", "https://www.other.k12.us/"])
    assert found(personal_email, "a@district.example.org b@other.k12.us c@gmail.com", settings) == ["c@gmail.com"]


def test_district_never_hits_even_if_it_is_a_webmail_lookalike():
    settings = Settings(district_domains=["gmail.com"])  # a district on Google Workspace's consumer domain
    assert found(personal_email, "x@gmail.com", settings) == []


def test_is_webmail():
    assert is_webmail("gmail.com") and is_webmail("hotmail.fr") and is_webmail("outlook.de")
    assert not is_webmail("district.example.org") and not is_webmail("gmail.evil.example.com")


def test_email_offsets_survive_emoji_and_crlf():
    text = "😀😀\r\nmail: dan@gmail.com\r\n"
    hit = run(personal_email, text)[0]
    assert text[hit.start:hit.end] == "dan@gmail.com"


# ---------------------------------------------------------------- phone_number: positives

@pytest.mark.parametrize(
    "text, expected",
    [
        ("My US number is (415) 555-0132, and my international one is +1 415 555 0132",
         ["(415) 555-0132", "+1 415 555 0132"]),
        ("Call me at (312) 555-0198 after practice.", ["(312) 555-0198"]),
        ("Reach me on 773-202-5555.", ["773-202-5555"]),
        ("my cell is 312 555 0147", ["312 555 0147"]),
        ("text 312.867.5309 anytime", ["312.867.5309"]),
        ("call 3128675309", ["3128675309"]),
        ("call me at 312 867 5309 ext. 12", ["312 867 5309 ext. 12"]),
        ("toll free 1-800-555-0199", ["1-800-555-0199"]),
        ("text me at 555-0147", ["555-0147"]),  # 7-digit fictional number after a phone word
        ("my cell: 867-5309", ["867-5309"]),  # 7-digit local number after a phone word
        ("call +44 20 7946 0958 tonight", ["+44 20 7946 0958"]),  # international, + form
        ("cell: +1 (312) 867-5309", ["+1 (312) 867-5309"]),
        ("text 1-312-867-5309", ["1-312-867-5309"]),
        ("(312)867-5309", ["(312)867-5309"]),
    ],
)
def test_phone_numbers_hit(text, expected):
    assert found(phone_number, text) == expected


def test_phone_detail_is_the_kind_or_fictional():
    assert details(phone_number, "Reach me on 773-202-5555.") == ["phone number (mobile or landline)"]
    assert details(phone_number, "call 1-800-275-2273") == ["toll-free number"]
    assert details(phone_number, "Call (312) 555-0198") == ["phone number (fictional 555-01xx range)"]


# ---------------------------------------------------------------- phone_number: negatives

@pytest.mark.parametrize(
    "text",
    [
        "Practice starts at 3:30 on March 12, 2025.",
        "Room 214 is open until 4.",
        "The class of 2024 graduates in 2025; the 2019-2020 year was odd.",
        "Report cards go home on 03/15/2024 or 2024-03-15.",
        "It costs $1,234,567.89 or $312.55.",
        "Mail it to Springfield, IL 62704-1234.",
        "His student ID is 3125550147.",
        "Order #3128675309 shipped.",
        "Room 1203, 10:30-11:45",
        "123-456-7890",  # merely possible, no phone word
        "The ratio was 1.5550147 to 2.",
        "My Israeli number is 09-7625400",  # Presidio: not a US number
        "In 2019 2020 2021 we grew.",
        "Grades 6 7 8 9 10 11 12 attend.",
        "Scores: 85 90 78 92 88",
        "Read pages 123-145 tonight.",
        "ISBN 978-0-13-468599-1",
        "Break runs 12/25/2024 - 01/05/2025.",
        "Call ext. 4567 at the office.",
        "Period 3 (10:15-11:05) in Room 204",
        "1" * 200,
        "",
    ],
)
def test_no_phone_number(text):
    assert found(phone_number, text) == []


def test_student_id_pattern_numbers_are_not_phones():
    settings = Settings(student_id_pattern=r"\d{10}")
    assert found(phone_number, "see 3125550147 please", settings) == []
    assert found(phone_number, "see 3125550147 please", Settings()) == ["3125550147"]


def test_placeholder_number_hits_only_with_phone_word():
    assert found(phone_number, "Call me at 123-456-7890") == ["123-456-7890"]


def test_plain_north_american_fast_path_agrees_with_phonenumbers():
    """The fast path (no phonenumbers import) must decide like the library on plain numbers."""
    import random

    from tap_assistant.core.detectors.contact import _numbers_by_library, _numbers_in

    rng = random.Random(11)
    formats = ["{a}-{e}-{n}", "({a}) {e}-{n}", "{a}.{e}.{n}", "{a}{e}{n}", "1-{a}-{e}-{n}", "{a} {e} {n}"]
    for _ in range(300):
        number = rng.choice(formats).format(
            a=f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}",
            e=f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}",
            n=f"{rng.randint(0, 9999):04d}",
        )
        fast = _numbers_in(number)
        library = _numbers_by_library(number)
        assert [(s, e, certain) for s, e, _, certain in fast] == [(s, e, certain) for s, e, _, certain in library], number


def test_area_code_table_matches_phonenumbers():
    """_nanp_areas lists area codes valid for every exchange; check a sample against the library."""
    import random

    import phonenumbers

    from tap_assistant.core.detectors._nanp_areas import KIND_BY_AREA_CODE

    rng = random.Random(5)
    for code, kind in sorted(KIND_BY_AREA_CODE.items()):
        number = phonenumbers.parse(f"+1{code}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}")
        assert phonenumbers.is_valid_number(number), code
        assert phonenumbers.number_type(number) == kind, code


# --------------------------------------------------------------------------- open_recipients


def test_open_recipient_line_of_outside_addresses_hits_the_whole_line():
    line = "To: j.arroyo@example.net; kferris22@gmail.com; the.vans@example.com, m.bell@yahoo.com"
    text = line + "\nSubject: Field trip\n\nDear families,"
    hits = run(open_recipients, text)
    assert [text[h.start:h.end] for h in hits] == [line]
    assert hits[0].detail == "4 outside addresses"


@pytest.mark.parametrize(
    "text",
    [
        # BCC is what it should be.
        "Bcc: a@example.net; b@example.com; c@example.org\nDear families,",
        # Two addresses are a conversation, not a list.
        "To: a@example.net; b@example.com\nHi both,",
        # District colleagues may see one another's addresses.
        "To: a@springfield.k12.il.us; b@springfield.k12.il.us; c@district.example.org\nTeam,",
        # Addresses in running text are not a header.
        "Please reply to a@example.net, b@example.com or c@example.org by Friday.",
        # A quoted header is somebody else's message.
        "Thanks, see below.\n> To: a@example.net; b@example.com; c@example.org\n> Hello",
    ],
)
def test_no_open_recipients(text):
    assert found(open_recipients, text) == []


def test_open_recipients_counts_only_outside_addresses():
    text = "Cc: a@springfield.k12.il.us, b@example.net, c@example.com\nHi,"
    assert found(open_recipients, text) == []
    assert len(found(open_recipients, text, Settings())) == 1


@pytest.mark.parametrize(
    "text",
    ["Joan Pike\n555-0172 (district office)", "Call 312-555-0190 (front desk) with questions."],
)
def test_a_bracketed_office_label_after_the_number_makes_it_an_office_number(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


def test_a_bracketed_personal_label_after_the_number_does_not():
    assert [hit.severity for hit in run(phone_number, "Call me at 555-0172 (my cell).")] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Route questions? Call Transportation at 555-0131.",
        "Press questions go to the Office of the Superintendent at 555-0140.",
        "If you have questions, please call our dedicated line at 555-0187, weekdays 8 to 6.",
        "Ms. Ortega\nCareer Center Counselor, 555-0121",
        "See you at the fair!\n\nWarm regards,\nAlma Reyes\nPrincipal, Birchwood Middle School\n555-0102",
        "Questions about the outbreak? Oakdale Health Services, 555-0117.",
        "Media inquiries: Dana Whitt, Communications, 555-0191",
        "Questions about the spring musical? Call the choir room at 555-0148.",
        "Our site phone is 555-0176 if pickup runs late.",
        "Register by Friday. Questions: Adult Education, 555-0185.",
        "Need a winter coat for your child? Call or text the PTO at 555-0162.",
        "For tickets, email the box office at boxoffice@lakeviewhs.org or call 555-0127.",
        "For a quote, call 555-0104, that's the district press line.",
        "Questions? Call 555-0161 -- the attendance office -- before 9.",
        "If a parent needs you during clinicals, they can call the nursing station desk at 555-0144.",
        "Worried about a friend? Safety tip line: call or text 555-0190, day or night.",
    ],
)
def test_a_named_office_or_a_signatures_work_line_makes_an_office_number(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        "Good luck Friday!\n\nMs. Calloway\nWork-Based Learning Coordinator, 555-0134",
        "Enjoy the break.\n\nCoach Amir Haddad\nAssistant Coach, Eastfield High School\n4100 Ridge Road, Eastfield\n555-0129",
        "Thanks,\nDanielle Ortiz\nReading Interventionist\n555-0166",
        "Best,\nTom Asher\nChemistry, Lakeview High School\ntasher@lakeviewsd.org | 555-0158",
        "Regards,\nNina Ruiz\nClerk, Fairfield Public Schools | 555-0137",
    ],
)
def test_a_number_under_the_signatures_job_or_school_lines_is_a_work_number(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


def test_a_personal_label_in_a_work_signature_still_marks_a_personal_number():
    text = "Thanks,\nDanielle Ortiz\nReading Interventionist\nCell: 555-0166"
    assert [hit.severity for hit in run(phone_number, text)] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "If your family wants to talk it through first, they can call her at 555-0109.",
        "Questions? Call Rhonda Pierce at 555-0153.",
        "You can reach Ms. Patel directly at 555-0118 about the fee.",
        "Call us at 555-0140 with any questions.",
        "I've copied Jonah Pratt (555-0145) from the foundation, who handles donations.",
        "I cc'd Ms. Alvarez, (555-0150) so she can book the bus.",
    ],
)
def test_someone_elses_number_is_not_the_writers_personal_phone(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        "Call me at 555-0109 tonight.",
        "Just call Me at 555-0109.",
        "text me at 555-0109",
        "My cell: 555-0109",
        "Call or text me at 555-0109.",
        "Front office closes at 4, so call or text my cell: 555-0109.",
    ],
)
def test_the_writers_own_number_to_a_student_still_counts(text):
    assert [hit.severity for hit in run(phone_number, text)] == [None]


def test_an_email_beside_a_number_under_a_plain_name_is_not_a_work_line():
    text = "See you Friday!\n\nJess\njess.k@gmail.com | 555-0102"
    assert [hit.severity for hit in run(phone_number, text)] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Text me at 555-0109, that's my cell.",
        "I copied my cell (555-0109) below.",
        "Call the room at 555-0109? no, use my cell: 555-0110",
    ],
)
def test_office_words_elsewhere_do_not_hide_the_writers_own_number(text):
    assert None in [hit.severity for hit in run(phone_number, text)]


def test_a_number_under_a_plain_name_in_a_signature_is_not_an_office_number():
    text = "See you at the fair!\n\nWarm regards,\nAlma Reyes\n555-0102"
    assert [hit.severity for hit in run(phone_number, text)] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Questions? Call 555-0147 or drop by the main office before 4.",
        "Open house is Thursday; call 555-0148 to reserve a tour time.",
        "Apply online at maplewood.k12.example/jobs or call 555-0149.",
        "To sign up for a screening slot, call 555-0150 or visit the district site.",
        "Need to reschedule? To book a new time, call 555-0151.",
        "On the trip, reach a chaperone through the trip phone at 555-0152.",
        "Emergency number (staffed all weekend by the coaches): 555-0153.",
        "Tickets are at the booth, or Ms. Ferris at 555-0154 can hold some.",
        "Our counselor, Dana Oyelaran, can be reached at 555-0155.",
        "For anything about the bus, contact Transportation Director Mills at 555-0156.",
        "Call Early-Childhood Services at 555-0157 with questions.",
        "Press contact: Lena Ortiz, Communications Director, 555-0158",
        "Questions about a grade? Call 555-0162 or message us in the parent portal.",
        # a service asked for, or a request by a deadline
        "Sign language is provided; for an interpreter in another language, call 555-0171.",
        "For more information, call 555-0172.",
        "Seats are limited: call 555-0173 by Friday to hold one.",
        "Please call 555-0163 or send a note through the school website.",
        "After ten, the duty phone (555-0164) is the one to use.",
        "If it happens again, the police non-emergency line is 555-0165.",
        "Day or night, call the on-call nurse at 555-0166.",
        "Need help with forms? Reach our attendance clerk at 555-0167.",
        "Sign-ups close Friday. Questions: Mr. Okafor, 555-0168.",
    ],
)
def test_a_number_given_for_anyone_to_call_is_an_office_number(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        "Call me at 555-0159 to set up a time.",
        "Questions? Call 555-0159 anytime, that's my cell.",
        "Questions? Call 555-0159 (my cell).",
        "Text 555-0159 to sign up.",
        "I can also be reached at 555-0159 after nine.",
        "My line (texts are best): 555-0159",
        "Contact: my cell 555-0159",
        "Questions? Call me at 555-0159 or message me.",
        "Call the front desk, or me at 555-0159.",
        "Call me at 555-0174 by Friday.",
    ],
)
def test_the_writers_own_number_given_the_same_ways_still_counts(text):
    assert [hit.severity for hit in run(phone_number, text)] == [None]


def test_an_office_label_before_one_number_does_not_cover_a_personal_one_after_it():
    text = "Call 555-0160 (main office) or my cell 555-0161 after hours."
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO, None]


@pytest.mark.parametrize(
    "text",
    [
        "For questions about testing, contact our school psychologist, Dr. Amari Cole, at 555-0121.",
        "To report a concern without giving your name, use the app or report by calling 555-0191, 24/7.",
        "Register on the parks website or call 555-0113.",
        "Thanks for reading!\nThe Lakeside Mentors Team\n555-0114 | lakesidementors.org",
        "Running late? Call the field house at 555-0148 and we'll wait.",
        "Questions? Contact our district homeless-education coordinator, Dana Whitt, at 555-0131.",
        "Questions? Contact Assistant Principal Ray Ocampo at 555-0132.",
        "Questions: chessclub@lakeview.k12.us or 555-0133.",
        "Benefits questions? Call HR at 555-0134 before open enrollment closes.",
        "Thanks for your patience,\nPine Hollow Unified Transportation\n555-0135",
        "Thank you for your patience,\nFacilities and Maintenance\n555-0136",
    ],
)
def test_a_colleagues_line_a_staffed_line_a_sign_up_or_an_organisations_line_is_not_personal(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


def test_a_personal_email_beside_the_number_keeps_it_personal():
    text = "Thanks,\nMr. Bayo\n555-0114 | mrbayo@gmail.com"
    assert [hit.severity for hit in run(phone_number, text)] == [None]


def test_a_webmail_address_then_a_number_stays_personal():
    assert [hit.severity for hit in run(phone_number, "Questions: coachray77@gmail.com or 555-0133.")] == [None]


def test_an_administrators_call_me_at_is_the_office_line_but_a_teachers_is_not():
    signed = "Questions are welcome: call me at 555-0118 any weekday.\n\nThanks,\nDr. Ana Ruiz\nPrincipal, Oakdale Middle School"
    assert [hit.severity for hit in run(phone_number, signed)] == [Severity.INFO]
    teacher = signed.replace("Principal, Oakdale Middle School", "7th Grade Science")
    assert [hit.severity for hit in run(phone_number, teacher)] == [None]
    cell = signed.replace("call me at", "call me on my cell at")
    assert [hit.severity for hit in run(phone_number, cell)] == [None]


def test_a_number_to_rsvp_at_is_for_anyone():
    assert [hit.severity for hit in run(phone_number, "Family night is Thursday at 6. RSVP at 555-0164.")] == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        "Sorry we missed you at pickup. Our main number is 555-0173 if anything changes.",
        "Anyone can leave a tip on the Speak Up line at 555-0177, day or night.",
        "Written questions go to the hearing officer at 555-0178 before Friday.",
    ],
)
def test_the_institutions_own_or_a_named_line_is_an_office_number(text):
    assert [hit.severity for hit in run(phone_number, text)] == [Severity.INFO]


def test_a_district_issued_phone_is_not_a_personal_number_but_a_personal_one_still_is():
    issued = "If the bus is late, text Ms. Ortiz's district cell, 555-0181."
    assert [hit.severity for hit in run(phone_number, issued)] == [Severity.INFO]
    own = issued.replace("district cell", "cell")
    assert [hit.severity for hit in run(phone_number, own)] == [None]
    home = "Call my home or district phone, 555-0182, after six."
    assert [hit.severity for hit in run(phone_number, home)] == [None]
