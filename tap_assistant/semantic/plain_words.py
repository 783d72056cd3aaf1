"""What the meaning check reads: a sentence with texting shorthand and emoji put into plain words.

The sentence encoder's vocabulary is formal English. It reads every emoji as one unknown token
(a kiss, a heart and an eye-roll all look alike) and cuts shorthand into pieces that mean nothing
("wyd" is "w ##yd", "tbh" is "tb ##h", "dont" is "don ##t"). Staff text the way everyone texts,
and what such a message means is often carried by exactly these words, so both readers of the
meaning check (and training, which embeds the corpus the same way) see the sentence with them
written out: "u up? 😘" is read as "you up? kiss".

Only the text that is scored changes: spans, highlights and the phrase rules still use the draft
as written. Ambiguous shorthand is left alone ("ill", "lets", "yr", "y" are also words or
letters), and so is anything not in the tables below.
"""

from __future__ import annotations

import re

#: Shorthand, lower case, as a whole word -> plain words.
SHORTHAND: dict[str, str] = {
    "u": "you", "ya": "you", "ur": "your", "urs": "yours", "r": "are", "n": "and",
    "pls": "please", "plz": "please", "thx": "thanks", "thnx": "thanks", "tysm": "thank you so much",
    "bc": "because", "b/c": "because", "cuz": "because", "bcuz": "because",
    "rn": "right now", "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "2nite": "tonight", "tonite": "tonight", "2day": "today",
    "wyd": "what are you doing", "wya": "where are you at", "hmu": "hit me up", "idk": "I don't know",
    "tbh": "to be honest", "ngl": "not gonna lie", "lmk": "let me know", "omg": "oh my god",
    "lol": "laughing", "lmao": "laughing", "lmfao": "laughing", "rofl": "laughing", "smh": "shaking my head",
    "imo": "in my opinion", "imho": "in my opinion", "btw": "by the way", "nvm": "never mind",
    "ppl": "people", "msg": "message", "msgs": "messages", "txt": "text", "pic": "picture", "pics": "pictures",
    "bday": "birthday", "bf": "boyfriend", "gf": "girlfriend", "ily": "I love you", "ilysm": "I love you so much",
    "luv": "love", "gn": "good night", "nite": "night", "k": "okay", "kk": "okay", "b4": "before",
    "gr8": "great", "l8r": "later", "w/": "with", "w/o": "without", "dm": "message", "dms": "messages",
    "fr": "for real", "istg": "I swear to god", "jk": "just kidding", "ofc": "of course",
    "prolly": "probably", "srsly": "seriously", "sry": "sorry", "abt": "about", "bout": "about",
    "xoxo": "hugs and kisses", "<3": "love", "hbu": "how about you", "wbu": "what about you",
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't",
    "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't", "wouldnt": "wouldn't", "couldnt": "couldn't",
    "shouldnt": "shouldn't", "havent": "haven't", "im": "I'm", "ive": "I've", "youre": "you're",
    "youll": "you'll", "youve": "you've", "theyre": "they're", "thats": "that's", "whats": "what's",
    "hes": "he's", "shes": "she's", "itll": "it'll",
}

#: Emoji -> words (variation selectors and skin tones are dropped first).
EMOJI: dict[str, str] = {
    "😘": "kiss", "😗": "kiss", "😙": "kiss", "😚": "kiss", "💋": "kiss",
    "❤": "love", "♥": "love", "💕": "love", "💖": "love", "💗": "love", "💓": "love", "💞": "love",
    "💘": "love", "💝": "love", "💜": "love", "💙": "love", "💚": "love", "💛": "love", "🧡": "love",
    "🖤": "love", "🤍": "love", "🤎": "love", "😍": "love", "🥰": "love", "😻": "love", "🫶": "love",
    "🤗": "hug", "🫂": "hug", "😉": "wink", "😜": "wink", "😏": "smirk", "🔥": "hot", "🥵": "hot",
    "🍆": "sexual", "🍑": "sexual", "💦": "sexual", "👅": "sexual", "😈": "naughty",
    "🙄": "eye roll", "😒": "annoyed", "😤": "angry", "😡": "angry", "🤬": "angry", "🖕": "middle finger",
    "🙃": "ironic", "🤡": "clown", "💀": "dead", "😂": "laughing", "🤣": "laughing", "😆": "laughing",
    "😭": "crying", "😢": "sad", "😞": "sad", "🤫": "shh secret", "🤐": "secret", "🔒": "locked",
    "🤔": "thinking", "😎": "cool", "😊": "smile", "🙂": "smile", "😀": "smile", "😃": "smile",
    "😄": "smile", "😁": "grin", "👍": "okay", "👌": "okay", "👏": "applause", "🙌": "celebrate",
    "🎉": "celebrate", "🥳": "celebrate", "💪": "strong", "🙏": "thank you", "🍺": "beer", "🍻": "beers",
    "🍷": "wine", "🥂": "drinks", "🍸": "cocktail", "🥃": "whiskey", "🍾": "champagne", "🌿": "weed",
    "🔪": "knife", "🔫": "gun", "💣": "bomb", "👊": "punch", "🤜": "punch", "💵": "money", "💰": "money",
    "💸": "money", "🎁": "gift", "🚗": "car", "🏠": "home", "📱": "phone", "🤪": "crazy",
    "🤮": "disgusting", "🤢": "disgusting", "🐷": "pig", "🐒": "monkey", "🐵": "monkey",
}

#: In capitals these are someone's title or a school word, not shorthand: "Jane Ruiz, RN" is a
#: nurse, "IM" is intramurals, "FR" French, "PIC" a person in charge.
ACRONYMS = frozenset({"RN", "IM", "FR", "PIC", "ABT", "TXT"})

_LONGER = sorted((key for key in SHORTHAND if len(key) > 1), key=len, reverse=True)
_SHORTHAND = re.compile(
    r"(?<![\w'/<])(?:(" + "|".join(map(re.escape, _LONGER)) + r")(?![\w'/])"
    # one letter ("u", "r", "k", "n") only in lower case and never an initial: "U.S.", "R. Smith", "K-2"
    r"|(?-i:([urkn]))(?![\w'/-]|\.\w))",
    re.IGNORECASE,
)
_MODIFIERS = re.compile("[\ufe0f\ufe0e\u200d\U0001F3FB-\U0001F3FF]")
_EMOJI = re.compile("|".join(re.escape(key) for key in sorted(EMOJI, key=len, reverse=True)))


def plain_words(text: str) -> str:
    """`text` with the shorthand and emoji of the tables written out in words."""
    if text.isascii() and not _SHORTHAND.search(text):
        return text
    if not text.isascii():
        text = _EMOJI.sub(lambda match: f" {EMOJI[match.group(0)]} ", _MODIFIERS.sub("", text))
    return _SHORTHAND.sub(_written_out, text)


def _written_out(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if word in ACRONYMS else SHORTHAND[word.lower()]
