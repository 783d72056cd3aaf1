"""Local timing check for the detectors (not a test: no timed assertions in the suite).

Run: .venv/bin/python -m tests.unit.core.detectors.timing_check
Prints the median and p95 (process CPU time, steadier than wall time on a busy machine) of every detector on a ~5,000-word school document, then the same
for a "risky" document dense with identifiers, plus a few adversarial inputs.
"""

from __future__ import annotations

import random
import statistics
import time

from tap_assistant.core.config import Settings
from tap_assistant.core.detectors.registry import get_detector
from tap_assistant.core.document import Document

MINE = [
    "personal_email", "phone_number", "ssn", "date_of_birth", "student_id", "street_address",
    "medical_record_number", "social_link_or_handle", "gaming_handle", "education_record_near_name",
    "personnel_near_name", "profanity",
]
SETTINGS = Settings(district_domains=["district.example.org"], approved_channels=["schoology.com"])
ORDINARY = [
    "Dear families, the fall conference schedule is attached and we look forward to seeing you on March 3, 2025 at 3:30 in room 204.",
    "Please review the IEP meeting agenda before Friday and bring any questions to the front office.",
    "Jordan did a great job on the science project and Maria helped the whole class with the posters.",
    "Call the office at (312) 555-0198 or email d.lopez@district.example.org if you have questions.",
    "Homework is posted on Schoology every Monday, and the reading log is due on 04/12.",
    "The class of 2024 raised $1,250.50 for the food drive, thanks to Mr. Davis and Ms. Ortiz.",
    "Students should assess their progress, and the grass field is closed until Thursday.",
    "Our team will meet in the library; bring your student ID card and a calculator.",
    "What a day! We read Moby Dick and discussed the 1999-2004 timeline in history class.",
    "If you need help, the counselor is available after school in room 112 from 3 to 4.",
]
RISKY = (
    "Jordan's IEP says he has ADHD and takes Ritalin. Her SSN is 536-22-8726, DOB: 04/12/2011. "
    "Call me at (312) 555-0198 or coach.dan@gmail.com or dan at gmail dot com. Student ID 20481733, "
    "MRN: 00482291. I live at 45 Elm Street, Apt 3. Add me on snap @coolteach, instagram.com/coachdan. "
    "My gamertag is CoachD42; join my Minecraft server at play.coach.net. Mr. Davis was placed on "
    "administrative leave. What the hell, this is shitty, f*ck."
)


def build(sentences: list[str], words: int = 5000) -> str:
    random.seed(1)
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = random.choice(sentences)
        parts.append(sentence)
        count += len(sentence.split())
    return " ".join(parts)


def measure(label: str, text: str, rounds: int = 30) -> None:
    per: dict[str, list[float]] = {name: [] for name in MINE}
    totals: list[float] = []
    for _ in range(rounds):
        doc = Document(text, SETTINGS)
        doc.norm  # the Document's own work is not the detectors'
        doc.sentence_starts
        started = time.process_time()
        for name in MINE:
            begin = time.process_time()
            get_detector(name)(doc)
            per[name].append(time.process_time() - begin)
        totals.append(time.process_time() - started)
    totals.sort()
    print(f"\n{label}: {len(text.split())} words, {len(text)} chars")
    for name in MINE:
        print(f"  {name:28s} median {statistics.median(per[name]) * 1000:7.2f} ms")
    p95 = totals[max(0, int(len(totals) * 0.95) - 1)]
    print(f"  {'ALL':28s} median {statistics.median(totals) * 1000:7.2f} ms   p95 {p95 * 1000:.2f} ms")


def main() -> None:
    # Warm up: imports, the profanity lexicon, regex compilation.
    for name in MINE:
        get_detector(name)(Document(RISKY, SETTINGS))
    measure("ordinary 5,000-word document", build(ORDINARY))
    measure("risky 5,000-word document", build([RISKY]))
    measure("adversarial: 'Jordan IEP' x 2000", "Jordan IEP " * 2000, rounds=5)
    measure("adversarial: 100k digits", "1" * 100_000, rounds=5)


if __name__ == "__main__":
    main()
