"""Deterministic drafts for the benchmarks: ordinary school prose with a few risky phrases."""

from __future__ import annotations

import random

SENTENCES = [
    "Thank you for coming to the open house last night.",
    "The science fair projects are due on Friday, March 14.",
    "Please remember to sign the field trip permission form.",
    "Our class read three chapters of the novel this week and discussed the main character.",
    "If you have questions about the rubric, please email me at my district address.",
    "The bus will leave from the east entrance at 8:15 in the morning.",
    "Students practised long division and worked in small groups on word problems.",
    "I am proud of how hard everyone worked on the group presentations.",
    "Report cards will be available in the parent portal next Tuesday.",
    "Please send a water bottle and a healthy snack with your child each day.",
    "We will have a short quiz on the vocabulary words on Thursday.",
    "The library is open after school until 4:30 for anyone who needs a quiet place to study.",
]
RISKY = [
    "Text me at 312-555-0198 if you need anything.",
    "Let's keep this between us for now.",
    "Add me on Snapchat so we can chat over the summer!",
    "I HATE THESE MEETINGS SO MUCH!!!",
    "You can also reach me at coach.d@gmail.com.",
]


def draft(words: int, seed: int = 7, risky_every: int = 15) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(RISKY) if len(out) % risky_every == risky_every - 1 else rng.choice(SENTENCES)
        out.append(sentence)
        count += len(sentence.split())
        if len(out) % 6 == 0:
            out.append("\n\n")
    return " ".join(out)
