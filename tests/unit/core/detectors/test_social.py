"""social_link_or_handle and gaming_handle."""

from __future__ import annotations

import pytest

from tap_assistant.core.config import Settings
from tap_assistant.core.detectors.social import gaming_handle, social_link_or_handle
from tests.unit.core.detectors.helpers import details, found

# ---------------------------------------------------------------- social links and handles


@pytest.mark.parametrize(
    "text, expected, platform",
    [
        ("Here is my page: https://www.instagram.com/coach_dan_lifts", "https://www.instagram.com/coach_dan_lifts", "Instagram"),
        ("find me at facebook.com/dan.lopez.1987.", "facebook.com/dan.lopez.1987", "Facebook"),
        ("https://m.facebook.com/profile.php?id=1000123", "https://m.facebook.com/profile.php?id=1000123", "Facebook"),
        ("tiktok.com/@coachdan", "tiktok.com/@coachdan", "TikTok"),
        ("https://www.snapchat.com/add/mrsk_teaches", "https://www.snapchat.com/add/mrsk_teaches", "Snapchat"),
        ("follow x.com/coachdan", "x.com/coachdan", "X (Twitter)"),
        ("https://twitter.com/coachdan/status/123", "https://twitter.com/coachdan/status/123", "X (Twitter)"),
        ("join discord.gg/AbC123 tonight", "discord.gg/AbC123", "Discord"),
        ("https://discord.com/invite/AbC123", "https://discord.com/invite/AbC123", "Discord"),
        ("text me on wa.me/13125550147", "wa.me/13125550147", "WhatsApp"),
        ("t.me/coachdan", "t.me/coachdan", "Telegram"),
        ("linkedin.com/in/dan-lopez", "linkedin.com/in/dan-lopez", "LinkedIn"),
        ("my channel youtube.com/@CoachDanLifts", "youtube.com/@CoachDanLifts", "YouTube"),
        ("(see instagram.com/coachdan)", "instagram.com/coachdan", "Instagram"),
    ],
)
def test_social_links_hit(text, expected, platform):
    assert found(social_link_or_handle, text) == [expected]
    assert details(social_link_or_handle, text) == [platform]


@pytest.mark.parametrize(
    "text, expected, platform",
    [
        ("Add me on snap, I'm @mrsk_teaches", "@mrsk_teaches", "Snapchat"),
        ("add me on snap: @coolteach", "@coolteach", "Snapchat"),
        ("my insta is @coach.dan", "@coach.dan", "Instagram"),
        ("@coach.dan on instagram", "@coach.dan", "Instagram"),
        ("DM me on TikTok @coachdan", "@coachdan", "TikTok"),
        ("follow me @coachdan", "@coachdan", "social media"),
        ("my insta is cool_teach42", "cool_teach42", "Instagram"),
        ("My snapchat username: dan.lopez87", "dan.lopez87", "Snapchat"),
    ],
)
def test_handles_near_platform_words_hit(text, expected, platform):
    assert found(social_link_or_handle, text) == [expected]
    assert details(social_link_or_handle, text) == [platform]


@pytest.mark.parametrize(
    "text",
    [
        "Homework is posted on the class page in Schoology.",
        "Email me at d.lopez@district.example.org.",
        "email coach@gmail.com about snapchat safety",  # an email address is not a handle
        "@Jordan please review the draft.",  # a Teams/Outlook mention, no platform word
        "Remind: text @math7b to 81010 to join.",  # approved channel's class code
        "https://app.schoology.com/course/123",
        "https://www.classdojo.com/ul/p/addKid",
        "Our page is https://www.springfield.k12.il.us/facebook",
        "my insta is private",
        "We talked about Instagram safety today.",
        "Visit facebook.com to see the district page.",  # a site, not a profile
        "https://youtube.com/watch?v=abc123",  # a video, not a channel
        "Instagram post went up. @Jordan please check the spelling.",  # platform in another sentence
        "",
    ],
)
def test_social_misses(text):
    assert found(social_link_or_handle, text) == []


def test_an_approved_page_approves_that_page_and_its_handle_only():
    settings = Settings(approved_channels=["https://www.instagram.com/springfieldschools/"])
    assert found(social_link_or_handle, "See instagram.com/SpringfieldSchools for photos.", settings) == []
    assert found(social_link_or_handle, "Follow us on Instagram @springfieldschools", settings) == []
    assert found(social_link_or_handle, "my insta is instagram.com/coach_dan", settings) == ["instagram.com/coach_dan"]
    assert found(social_link_or_handle, "my insta is @coach_dan", settings) == ["@coach_dan"]


def test_approved_social_platform_is_not_flagged():
    settings = Settings(approved_channels=["facebook.com"])
    assert found(social_link_or_handle, "facebook.com/SpringfieldSchools", settings) == []
    assert found(social_link_or_handle, "facebook.com/SpringfieldSchools", Settings()) == ["facebook.com/SpringfieldSchools"]


# ---------------------------------------------------------------- gaming


@pytest.mark.parametrize(
    "text, expected, platform",
    [
        ("My gamertag is CoachD42, add me.", "CoachD42", "Xbox"),
        ("my xbox gamertag: CoachD42", "CoachD42", "Xbox"),
        ("my PSN is teach_99", "teach_99", "PlayStation Network"),
        ("add me on psn: teach_99", "teach_99", "PlayStation Network"),
        ("my steam name is coachdan", "coachdan", "Steam"),
        ("https://steamcommunity.com/id/coachdan", "https://steamcommunity.com/id/coachdan", "Steam"),
        ("steamcommunity.com/profiles/76561198000000000", "steamcommunity.com/profiles/76561198000000000", "Steam"),
        ("my fortnite name is CoachD", "CoachD", "Epic Games / Fortnite"),
        ("My Roblox username is coachdan_rbx", "coachdan_rbx", "Roblox"),
        ("my roblox is coachdan_rbx", "coachdan_rbx", "Roblox"),
        ("https://www.roblox.com/users/123456/profile", "https://www.roblox.com/users/123456/profile", "Roblox"),
        ("Join my Minecraft server at play.coachcraft.net", "play.coachcraft.net", "Minecraft"),
        ("minecraft server ip: 192.168.1.20:25565", "192.168.1.20:25565", "Minecraft"),
        ("We play Valheim, the server is at dan.example.com:2456", "dan.example.com:2456", "game server"),
        ("Join our discord.gg/xyz to play Fortnite after school", "discord.gg/xyz", "Discord"),
        ("my switch friend code is SW-1234-5678-9012", "SW-1234-5678-9012", "Nintendo Switch"),
    ],
)
def test_gaming_hits(text, expected, platform):
    assert found(gaming_handle, text) == [expected]
    assert details(gaming_handle, text) == [platform]


@pytest.mark.parametrize(
    "text",
    [
        "The robotics team meets on Monday.",
        "Bring your calculator to class.",
        "Our Discord study group: discord.gg/mathclub for homework help.",  # no game words
        "The mail server is at mail.springfield.k12.il.us for games club.",  # district host
        "The server at lunch was slow.",
        "My gamertag is the same as before.",
        "We discussed Minecraft in the design unit.",
        "",
    ],
)
def test_gaming_misses(text):
    assert found(gaming_handle, text) == []
