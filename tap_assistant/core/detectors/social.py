"""Social-media and gaming contact points offered in a message (T4, T5).

`social_link_or_handle`: profile/invite links to social platforms, and "@handle" mentions (or
"my snap is cool_teach42") when a platform word is near. Email addresses are not handles.
Links and words of the district's approved channels and district domains never hit.
`gaming_handle`: gamer tags, PSN/Steam/Epic/Roblox/Minecraft names, Steam profile links,
Minecraft/game server addresses, Roblox links, and Discord invites when games are mentioned.
"""

from __future__ import annotations

import re

from tap_assistant.core.detectors._common import (
    approvals,
    is_approved,
    is_approved_handle,
    is_approved_page,
    matches_near,
    trigger_set,
    window_after,
    window_before,
    words,
)
from tap_assistant.core.detectors.base import Hit
from tap_assistant.core.document import Document

# --------------------------------------------------------------------------- links

#: (regex over the host and path, platform). Paths are required: a profile, a channel, an
#: invite. A bare "facebook.com" is a mention of a site, not a way to reach the author.
_PLATFORM_LINKS: tuple[tuple[str, str], ...] = (
    (r"(?:facebook|fb)\.com/(?!sharer|share|dialog|plugins|legal|policies|help)[\w.\-/?=&%]+", "Facebook"),
    (r"fb\.me/[\w.\-]+", "Facebook"),
    (r"m\.me/[\w.\-]+", "Facebook Messenger"),
    (r"(?:instagram\.com|instagr\.am)/[\w.\-/]+", "Instagram"),
    (r"(?:vm\.|vt\.)?tiktok\.com/[\w.@\-/]+", "TikTok"),
    (r"snapchat\.com/(?:add|t)/[\w.\-]+", "Snapchat"),
    (r"(?:twitter|x)\.com/(?!intent|share|home|i/)[\w]+[\w/\-]*", "X (Twitter)"),
    (r"(?:discord\.gg|discord(?:app)?\.com/invite)/[\w\-]+", "Discord"),
    (r"discord(?:app)?\.com/users/\d+", "Discord"),
    (r"(?:wa\.me|api\.whatsapp\.com/send|chat\.whatsapp\.com)/?[\w?=&%+\-/]*", "WhatsApp"),
    (r"(?:t|telegram)\.me/[\w+\-]+", "Telegram"),
    (r"linkedin\.com/(?:in|pub)/[\w\-%]+", "LinkedIn"),
    (r"youtube\.com/(?:@[\w.\-]+|c/[\w.\-]+|channel/[\w\-]+|user/[\w.\-]+)", "YouTube"),
    (r"threads\.(?:net|com)/@?[\w.\-]+", "Threads"),
    (r"bsky\.app/profile/[\w.\-]+", "Bluesky"),
    (r"twitch\.tv/[\w]+", "Twitch"),
    (r"kik\.me/[\w.\-]+", "Kik"),
    (r"reddit\.com/(?:u|user)/[\w\-]+", "Reddit"),
    (r"pinterest\.com/[\w.\-]+", "Pinterest"),
    (r"[\w\-]+\.tumblr\.com", "Tumblr"),
    (r"vsco\.co/[\w.\-]+", "VSCO"),
    (r"bereal\.com/[\w.\-]+", "BeReal"),
    (r"onlyfans\.com/[\w.\-]+", "OnlyFans"),
)
_LINK_PREFIX = r"(?<![\w.@\-])(?:https?://)?(?:www\.|m\.|mobile\.|web\.)?"
_LINKS = re.compile(
    _LINK_PREFIX + r"(?:" + "|".join(f"(?P<p{i}>{rx})" for i, (rx, _) in enumerate(_PLATFORM_LINKS)) + r")"
)
_TRAILING_PUNCT = ".,;:!?)'\""


def _host_of(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0]
    return host[4:] if host.startswith("www.") else host


#: Words that every platform link contains (t.me and m.me are checked as literals: "t" and "m"
#: are everywhere, "don't", "I'm").
_LINK_WORDS = trigger_set(
    "facebook fb instagram instagr tiktok snapchat twitter x discord discordapp wa whatsapp telegram "
    "linkedin youtube threads bsky twitch kik reddit pinterest tumblr vsco bereal onlyfans"
)


def _link_hits(doc: Document) -> list[Hit]:
    norm = doc.norm
    triggers = set(words(doc) & _LINK_WORDS)
    if "t.me/" in norm or "m.me/" in norm:
        triggers.add("me")
    if not triggers:
        return []
    hits = []
    for match in matches_near(doc, frozenset(triggers), _LINKS, reach=120):
        platform = _PLATFORM_LINKS[int(match.lastgroup[1:])][1]  # type: ignore[index]
        value = match.group().rstrip(_TRAILING_PUNCT)
        if not value or is_approved(doc, _host_of(value)) or is_approved_page(doc, value):
            continue
        hits.append(Hit(match.start(), match.start() + len(value), platform))
    return hits


# --------------------------------------------------------------------------- handles

#: platform words -> platform name (for the detail of an @handle near them).
_PLATFORM_WORDS: tuple[tuple[str, str], ...] = (
    (r"snap(?:chat)?|sc", "Snapchat"),
    (r"insta(?:gram)?|ig|gram", "Instagram"),
    (r"tik\s?tok|tt", "TikTok"),
    (r"twitter|tweet|x\.com", "X (Twitter)"),
    (r"facebook|fb|messenger", "Facebook"),
    (r"discord", "Discord"),
    (r"telegram", "Telegram"),
    (r"whats\s?app", "WhatsApp"),
    (r"threads", "Threads"),
    (r"bluesky|bsky", "Bluesky"),
    (r"twitch", "Twitch"),
    (r"kik", "Kik"),
    (r"youtube|yt", "YouTube"),
    (r"linkedin", "LinkedIn"),
    (r"reddit", "Reddit"),
    (r"vsco", "VSCO"),
    (r"tumblr", "Tumblr"),
    (r"pinterest", "Pinterest"),
    (r"signal", "Signal"),
)
_PLATFORM_WORD_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<w{i}>{rx})" for i, (rx, _) in enumerate(_PLATFORM_WORDS)) + r")\b"
)
#: Invitations that make an "@handle" a social handle even without a platform name.
_GENERIC_INVITE = re.compile(r"\b(?:follow|add|dm|pm|message|hmu|hit)\s+(?:me|us|up)\b|\bmy\s+(?:handle|username|user name|@)\b")
_HANDLE = re.compile(r"(?<![\w.@/\-])@([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)(?![\w@]|\.[a-z0-9])")
_NAMED_HANDLE = re.compile(
    r"\b(?:my|our)\s+(?P<plat>snap(?:chat)?|insta(?:gram)?|ig|tik\s?tok|twitter|discord|kik|telegram|threads|twitch)"
    r"(?:\s+(?:handle|username|user name|name|id|tag))?\s*(?:is|:|=|-)\s*@?(?P<handle>[a-z0-9_.]{3,30})(?![\w@])"
)
_NAMED_HANDLE_TRIGGERS = trigger_set("snap snapchat insta instagram ig tik tiktok twitter discord kik telegram threads twitch")
_HANDLE_STOPWORDS = frozenset(
    "the a an my your our on in at is not private public down blocked new same here there this that "
    "it gone deleted deactivated locked open closed".split()
)


_BOUNDARY = re.compile(r"[.!?]+(?:\s|$)|\n")


def _platform_near(doc: Document, start: int, end: int) -> str | None:
    """Name of the platform mentioned shortly before (or just after) a handle, if any."""
    # Same sentence only: "...instagram.com/x. @Jordan please review" is not an Instagram handle.
    before = _BOUNDARY.split(window_before(doc, start, 45))[-1]
    after = _BOUNDARY.split(window_after(doc, end, 25))[0]
    for text in (before, after):
        found = None
        for match in _PLATFORM_WORD_RE.finditer(text):
            found = match  # the nearest platform word before the handle is the last one
            if text is after:
                break
        if found is not None:
            return _PLATFORM_WORDS[int(found.lastgroup[1:])][1]  # type: ignore[index]
    if _GENERIC_INVITE.search(before):
        return "social media"
    return None


def _platform_for(word: str) -> str:
    for rx, name in _PLATFORM_WORDS:
        if re.fullmatch(rx, word):
            return name
    return "social media"


def _handle_hits(doc: Document) -> list[Hit]:
    norm = doc.norm
    hits = []
    at = norm.find("@")
    while at != -1:
        match = _HANDLE.match(norm, at)
        at = norm.find("@", at + 1)
        if match is not None:
            platform = _platform_near(doc, match.start(), match.end())
            if platform is None or is_approved(doc, platform.split()[0]) or is_approved_handle(doc, match.group()):
                continue
            if _approved_word_near(doc, match.start()):
                continue
            hits.append(Hit(match.start(), match.end(), platform))
    for match in matches_near(doc, _NAMED_HANDLE_TRIGGERS, _NAMED_HANDLE):
        handle = match.group("handle").rstrip(".")
        explicit_at = norm[match.start("handle") - 1] == "@"
        if explicit_at or handle in _HANDLE_STOPWORDS:
            continue  # "@..." forms are covered above; "my insta is private" is no handle
        # Without an "@", only a token that looks like a username (digit, _ or .) counts.
        if not re.search(r"[\d_.]", handle):
            continue
        if is_approved_handle(doc, handle):
            continue
        start = match.start("handle")
        hits.append(Hit(start, start + len(handle), _platform_for(match.group("plat"))))
    return hits


def _approved_word_near(doc: Document, start: int) -> bool:
    """An approved channel named just before the handle ("Remind: text @mathclass")."""
    channel_words = approvals(doc).channel_words
    if not channel_words:
        return False
    return not channel_words.isdisjoint(re.findall(r"[a-z][a-z0-9\-]{2,}", window_before(doc, start, 45)))


def social_link_or_handle(doc: Document) -> list[Hit]:
    hits = _link_hits(doc)
    taken = [(h.start, h.end) for h in hits]
    for hit in _handle_hits(doc):
        if not any(s <= hit.start < e for s, e in taken):
            hits.append(hit)
    hits.sort(key=lambda h: h.start)
    return hits


# --------------------------------------------------------------------------- gaming

_GAME_VALUE = r"@?(?P<handle>[a-z0-9_][\w.#\-]{2,31})(?![\w@])"
_IS = r"(?:\s+(?:is|=)\s*|\s*[:=\-]\s*|\s+)"
_GAMING_NAMES: tuple[tuple[str, str], ...] = (
    (r"\b(?:gamer\s*tag|gt)\b", "Xbox"),
    (r"\bxbox(?:\s+live)?(?:\s+(?:gamer\s*tag|tag|id|name|username))?\b", "Xbox"),
    (r"\b(?:psn|playstation(?:\s+network)?)(?:\s+(?:id|name|username|tag))?\b", "PlayStation Network"),
    (r"\bsteam\s+(?:id|name|username|user|friend\s+code)\b", "Steam"),
    (r"\b(?:epic(?:\s+games)?|fortnite)\s+(?:id|name|username|user|tag)\b", "Epic Games / Fortnite"),
    (r"\broblox(?:\s+(?:username|user|name|id|account))?\b", "Roblox"),
    (r"\bminecraft\s+(?:username|user|name|ign|account)\b", "Minecraft"),
    (r"\b(?:switch\s+)?friend\s+code\b", "Nintendo Switch"),
    (r"\b(?:valorant|riot|league|lol)\s+(?:id|name|username|tag)\b", "Riot Games"),
    (r"\b(?:battle\.?net|battletag)\b(?:\s+(?:id|name|tag))?", "Battle.net"),
    (r"\bign\b", "game"),
)
#: "my <platform name> is X" / "add me on <platform>: X".
_GAMING_INTRO = r"(?:\b(?:my|our)\s+|\badd\s+me\s+on\s+|\bfriend\s+me\s+on\s+|\bfind\s+me\s+on\s+)"
_GAMING_NAME_RE = re.compile(
    _GAMING_INTRO
    + r"(?:"
    + "|".join(f"(?P<g{i}>{rx})" for i, (rx, _) in enumerate(_GAMING_NAMES))
    + r")"
    + _IS
    + _GAME_VALUE
)
_GAMING_TRIGGERS = trigger_set(
    "gamertag gamer gt xbox psn playstation steam epic fortnite roblox minecraft friend valorant riot league lol "
    "battle battlenet battletag ign"
)
_STEAM_LINK = re.compile(
    r"(?<![\w.\-])(?:https?://)?(?:www\.)?steamcommunity\.com/(?:id|profiles|groups)/[\w\-]+/?"
)
_ROBLOX_LINK = re.compile(
    r"(?<![\w.\-])(?:https?://)?(?:www\.)?roblox\.com/(?:users|games|share|groups|communities)[\w/?=&%\-.]*"
)
_HOST = r"(?P<host>(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}|\d{1,3}(?:\.\d{1,3}){3})(?::\d{2,5})?"
_SERVER = re.compile(
    r"\b(?:minecraft|mc|roblox|fortnite|terraria|rust|ark|valheim|gmod|game|gaming|smp)?\s*"
    r"server(?:\s+(?:ip|address))?\s*(?:is|at|:|=|-|on)?\s*(?:at\s+)?" + _HOST + r"(?![\w\-]|\.[a-z0-9])"
)
_GAME_CONTEXT = re.compile(
    r"\b(?:game|games|gaming|gamer|play|playing|minecraft|roblox|fortnite|xbox|playstation|ps4|ps5|"
    r"steam|switch|nintendo|valorant|among us|league|overwatch|apex|call of duty|cod|warzone|"
    r"terraria|rocket league|smp|lobby|squad|match)\b"
)
_DISCORD_INVITE = re.compile(r"(?<![\w.\-])(?:https?://)?(?:www\.)?(?:discord\.gg|discord(?:app)?\.com/invite)/[\w\-]+")
_GAMING_STOPWORDS = _HANDLE_STOPWORDS | frozenset("same private still offline account".split())


def gaming_handle(doc: Document) -> list[Hit]:
    norm = doc.norm
    hits: list[Hit] = []
    for match in matches_near(doc, _GAMING_TRIGGERS, _GAMING_NAME_RE, reach=80):
        handle = match.group("handle").rstrip(".-")
        if handle in _GAMING_STOPWORDS or len(handle) < 3:
            continue
        platform = _GAMING_NAMES[int(next(k for k, v in match.groupdict().items() if v and k.startswith("g"))[1:])][1]
        start = match.start("handle")
        hits.append(Hit(start, start + len(handle), platform))
    if "steamcommunity" in norm:
        for match in _STEAM_LINK.finditer(norm):
            hits.append(Hit(match.start(), match.end(), "Steam"))
    if "roblox.com" in norm:
        for match in _ROBLOX_LINK.finditer(norm):
            value = match.group().rstrip(_TRAILING_PUNCT)
            hits.append(Hit(match.start(), match.start() + len(value), "Roblox"))
    if "server" in words(doc):
        for match in matches_near(doc, frozenset({"server"}), _SERVER, reach=120):
            host = match.group("host")
            if is_approved(doc, host):
                continue
            near = window_before(doc, match.start(), 80) + match.group()
            if not _GAME_CONTEXT.search(near):
                continue
            platform = "Minecraft" if re.search(r"\b(?:minecraft|mc|smp)\b", near) else "game server"
            start = match.start("host")
            value = norm[start:match.end()]
            hits.append(Hit(start, start + len(value), platform))
    if "discord" in norm:
        for match in _DISCORD_INVITE.finditer(norm):
            around = window_before(doc, match.start(), 120) + window_after(doc, match.end(), 80)
            if _GAME_CONTEXT.search(around):
                hits.append(Hit(match.start(), match.end(), "Discord"))
    hits.sort(key=lambda h: h.start)
    return hits
