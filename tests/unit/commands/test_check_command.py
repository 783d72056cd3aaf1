import json

import pytest

from tests.unit.commands.conftest import SHARED_EVAL


def as_json(result):
    return json.loads(result.stdout.decode("utf-8"))


def test_clean_draft_exits_0_with_json_contract(run_cli):
    result = run_cli("check", "-", "--format", "json", "--no-grammar", stdin=b"Hi Sam, see you in class on Monday.")
    assert result.returncode == 0, result.stderr
    data = as_json(result)
    assert data["verdict"] == "pass"
    assert data["pillars"] == {"transparent": "pass", "accessible": "pass", "professional": "pass"}
    assert data["findings"] == []
    assert data["grammar"]["status"] == "disabled"
    assert data["headline"]


def test_caution_exits_1_and_stop_exits_2(run_cli):
    caution = run_cli("check", "--format", "json", "--no-grammar", "--audience", "student", stdin=b"u coming 2day? lol idk")
    assert caution.returncode == 1
    stop = run_cli("check", "--format", "json", "--no-grammar", stdin=b"Text me tonight and keep this between us.")
    assert stop.returncode == 2
    finding = as_json(stop)["findings"][0]
    assert set(finding) == {"rule", "pillar", "severity", "start", "end", "text", "message", "why", "suggestions", "tips", "source"}
    assert finding["source"] == "tap"


def test_default_audience_comes_from_settings(run_cli, cli_env, tmp_path):
    settings_dir = tmp_path / "xdg_config_home" / "tap-assistant"
    settings_dir.mkdir(parents=True)
    (settings_dir / "settings.toml").write_text('[settings]\ndefault_audience = "parent"\n', encoding="utf-8")
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=b"Text me if the bus is late.")
    assert as_json(result)["verdict"] == "pass"  # texting a parent is informational
    result = run_cli("check", "--format", "json", "--no-grammar", "--audience", "student", stdin=b"Text me if the bus is late.")
    assert as_json(result)["verdict"] == "stop"


def test_text_output_marks_the_span_and_explains(run_cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Hello,\nplease add me on Snapchat.\n", encoding="utf-8")
    result = run_cli("check", str(draft), "--no-grammar")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 2
    assert "2:" in out and "[[add me on Snapchat]]" in out
    assert "Why:" in out and "\x1b[" not in out  # no colour when not a terminal


def test_without_engine_grammar_is_unavailable_or_checked_and_tap_still_complete(run_cli):
    result = run_cli("check", "--format", "json", stdin=b"Text me tonight.")
    data = as_json(result)
    assert data["grammar"]["status"] in {"checked", "unavailable"}
    if data["grammar"]["status"] == "unavailable":
        assert data["grammar"]["detail"]
    assert any(f["rule"] == "T3.texting-student" for f in data["findings"])


@pytest.mark.parametrize(
    "payload, expected",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    ],
)
def test_binary_input_is_refused_with_one_line(run_cli, payload, expected):
    result = run_cli("check", "--no-grammar", stdin=payload)
    err = result.stderr.decode()
    assert result.returncode == 3
    assert expected in err and "Traceback" not in err and err.count("\n") == 1


def test_missing_file_and_folder_give_exit_3(run_cli, tmp_path):
    for target in (str(tmp_path / "nope.txt"), str(tmp_path)):
        result = run_cli("check", target, "--no-grammar")
        assert result.returncode == 3
        assert "Traceback" not in result.stderr.decode()


def test_invalid_utf8_crlf_nul_emoji_rtl(run_cli):
    payload = "Hi 😀 שלום\r\nText me\x00 now\r\n".encode("utf-8") + b"\xff\xfe bad"
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=payload)
    data = as_json(result)
    assert result.returncode == 2
    assert any(n["code"] == "invalid-utf8" for n in data["notices"])
    finding = next(f for f in data["findings"] if f["rule"] == "T3.texting-student")
    assert finding["text"].startswith("Text me")


def test_huge_input_is_checked_up_to_the_cap(run_cli):
    payload = ("Please bring your lunch. " * 12000).encode() + b"Text me tonight."
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=payload)
    data = as_json(result)
    assert result.returncode == 0  # the risky words lie beyond the cap
    assert any(n["code"] == "truncated" for n in data["notices"])


@pytest.mark.parametrize("payload", [b"", b"   \n\t  ", b"\r\n\r\n", "\u200b \u202e\u202c\n".encode()])
def test_empty_and_whitespace_input_is_not_a_pass(run_cli, payload):
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=payload)
    err = result.stderr.decode()
    assert result.returncode == 4
    assert "nothing to check" in err and "Traceback" not in err
    assert result.stdout == b""  # no verdict a script could mistake for "pass"


def test_check_help_lists_the_exit_statuses(run_cli):
    out = run_cli("check", "--help").stdout.decode()
    assert "exit status" in out and "4  nothing to check" in out


def test_broken_explicit_policy_exits_3_naming_the_file(run_cli, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text("[settings\n", encoding="utf-8")
    result = run_cli("check", "--no-grammar", "--policy", str(policy), stdin=b"hello")
    err = result.stderr.decode()
    assert result.returncode == 3
    assert str(policy) in err and "Traceback" not in err


def test_broken_machine_policy_warns_and_still_checks(run_cli, cli_env, tmp_path):
    site = tmp_path / "xdg_config_dirs" / "tap-assistant"
    site.mkdir(parents=True)
    (site / "policy.toml").write_text('[settings]\ndistrict_domains = ["maplevalley.org"]\nnonsense = 1\n', encoding="utf-8")
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=b"Email me at ms.k@maplevalley.org")
    err = result.stderr.decode()
    assert "nonsense" in err and "policy.toml:3" in err
    assert result.returncode == 0


def test_policy_can_disable_and_reweight_rules(run_cli, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[rules]\ndisable = ["T6.secrecy"]\n[rules.severity]\n"T3.texting-student" = "caution"\n', encoding="utf-8")
    result = run_cli("check", "--format", "json", "--no-grammar", "--policy", str(policy), stdin=b"Text me and keep this between us.")
    data = as_json(result)
    assert {f["rule"] for f in data["findings"]} == {"T3.texting-student"}
    assert result.returncode == 1


def test_unknown_option_is_a_usage_error(run_cli):
    result = run_cli("check", "--audience", "martians", stdin=b"x")
    assert result.returncode == 3


def test_rules_validate_passes_on_shipped_pack_and_fails_on_broken(run_cli, tmp_path):
    ok = run_cli("rules", "validate")
    assert ok.returncode == 0, ok.stdout.decode()
    assert "0 failed" in ok.stdout.decode()
    broken = tmp_path / "pack"
    broken.mkdir()
    (broken / "x.toml").write_text(
        '[[rule]]\nid = "P2.x"\npillar = "professional"\nseverity = "caution"\nmessage = "m"\nwhy = "w"\n'
        'headline = "h"\npatterns = ["rude"]\nbad = ["polite"]\ngood = ["rude"]\n',
        encoding="utf-8",
    )
    result = run_cli("rules", "validate", str(broken))
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "bad example not flagged" in out and "good example flagged" in out


@pytest.mark.skipif(not SHARED_EVAL.is_file(), reason="the shared eval set is not beside this checkout")
def test_eval_on_shared_set_meets_targets(run_cli):
    result = run_cli("eval", str(SHARED_EVAL), "--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert data["recall"] >= 0.85, data
    assert data["false_alarm_rate"] <= 0.10, data


def test_eval_rejects_malformed_file(run_cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    result = run_cli("eval", str(bad))
    assert result.returncode == 3
    assert "bad.jsonl:1" in result.stderr.decode()


def test_cli_check_path_does_not_import_qt(cli_env):
    import subprocess
    import sys

    code = (
        "import sys; from tap_assistant.cli import main; "
        "rc = main(['check', '--no-grammar', '--format', 'json', '-']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; print('ok', rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], input=b"hello", capture_output=True, env=cli_env, timeout=60)
    assert b"ok 0" in result.stdout, result.stderr


def test_config_show_names_every_setting_with_its_source(run_cli, cli_env, tmp_path):
    site = tmp_path / "xdg_config_dirs" / "tap-assistant"
    site.mkdir(parents=True)
    (site / "policy.toml").write_text(
        '[settings]\ndistrict_name = "Maple Valley"\nhotkey = "ctrl+shift+f9"\nlocked = ["district_name"]\n',
        encoding="utf-8",
    )
    user_dir = tmp_path / "xdg_config_home" / "tap-assistant"
    user_dir.mkdir(parents=True)
    (user_dir / "settings.toml").write_text('version = 2\n[settings]\nhotkey = "ctrl+shift+f7"\n', encoding="utf-8")
    result = run_cli("config", "show", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = as_json(result)
    assert set(data) == {"settings"}
    from tap_assistant.core.config import SETTING_NAMES

    assert list(data["settings"]) == list(SETTING_NAMES)
    assert all(set(entry) == {"value", "source", "locked"} for entry in data["settings"].values())
    assert data["settings"]["district_name"] == {"value": "Maple Valley", "source": "policy", "locked": True}
    assert data["settings"]["hotkey"] == {"value": "ctrl+shift+f7", "source": "user", "locked": False}
    assert data["settings"]["engine_url"] == {"value": "", "source": "default", "locked": False}
    text = run_cli("config", "show").stdout.decode()
    assert 'district_name' in text and '"Maple Valley"' in text and "(policy, locked)" in text
    assert "(user)" in text and "(default)" in text


def test_policy_option_cannot_unlock_and_a_broken_machine_policy_keeps_its_locks(run_cli, tmp_path):
    site = tmp_path / "xdg_config_dirs" / "tap-assistant"
    site.mkdir(parents=True)
    machine = site / "policy.toml"
    machine.write_text('[settings]\ndistrict_domains = ["maplevalley.org"]\nlocked = ["district_domains"]\n', encoding="utf-8")
    trial = tmp_path / "trial.toml"
    trial.write_text('[settings]\ndistrict_domains = []\ndistrict_name = "Trial"\nlocked = []\n', encoding="utf-8")
    result = run_cli("config", "show", "--format", "json", "--policy", str(trial))
    settings = as_json(result)["settings"]
    assert settings["district_domains"] == {"value": ["maplevalley.org"], "source": "policy", "locked": True}
    assert settings["district_name"]["value"] == "Trial"
    assert "district_domains" in result.stderr.decode() and "locked" in result.stderr.decode()
    # The locked district domain still counts as a district channel under --policy.
    check = run_cli("check", "--format", "json", "--no-grammar", "--policy", str(trial), stdin=b"Email me at ms.k@maplevalley.org")
    assert check.returncode == 0, check.stdout

    machine.write_text('[settings]\ndistrict_domains = ["maplevalley.org"\n', encoding="utf-8")  # IT's typo
    result = run_cli("config", "show", "--format", "json")
    assert as_json(result)["settings"]["district_domains"]["locked"] is True
    err = result.stderr.decode()
    assert "WARNING" in err and "last good copy" in err and str(machine) in err


def test_help_lists_the_instance_flags(run_cli):
    out = run_cli("--help").stdout.decode()
    for flag in ("--check-selection", "--check-clipboard", "--show-last"):
        assert flag in out


def test_a_utf16_file_from_notepad_is_checked(run_cli, tmp_path):
    draft = tmp_path / "notepad.txt"
    draft.write_bytes("Text me tonight, Sam.\r\n".encode("utf-16"))  # BOM + UTF-16LE
    result = run_cli("check", "--format", "json", "--no-grammar", str(draft))
    assert result.returncode == 2, result.stderr
    assert as_json(result)["findings"][0]["text"].lower() == "text me"


def test_a_short_draft_with_a_few_nuls_is_checked(run_cli):
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=b"Text\x00 me\x00 tonight\x00.")
    assert result.returncode in (0, 1, 2), result.stderr
    assert "binary" not in result.stderr.decode()


def test_check_reports_rule_problems_from_the_policy(run_cli, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[rules]\ndisable = ["T6.secrecyy"]\n', encoding="utf-8")
    result = run_cli("check", "--no-grammar", "--policy", str(policy), stdin=b"Keep this between us.")
    err = result.stderr.decode()
    assert "T6.secrecyy" in err and "does not exist" in err
    assert result.returncode == 2  # the misspelled id disabled nothing
def test_audience_auto_is_the_default_and_json_says_how_it_was_chosen(run_cli):
    result = run_cli("check", "--format", "json", "--no-grammar", stdin=b"Dear Mr. and Mrs. Doe,\nElla did well today.")
    data = as_json(result)
    assert data["audience"] == "parent"
    assert data["audience_source"] == "guessed"
    assert data["audience_reason"] == "guessed from 'Dear Mr. and Mrs. Doe'"
    given = as_json(run_cli("check", "--format", "json", "--no-grammar", "--audience", "colleague", stdin=b"Hi Jake."))
    assert (given["audience"], given["audience_source"]) == ("colleague", "given")
    text = run_cli("check", "--no-grammar", "--audience", "auto", stdin=b"Hi Jake, see you in class.").stdout.decode()
    assert "Audience: student (guessed from 'Hi Jake')" in text


def test_eval_reads_the_corpus_format_and_reports_recall_per_concept(run_cli, tmp_path):
    corpus = tmp_path / "items.jsonl"
    rows = [
        {"text": "Text me tonight and keep this between us.", "concepts": ["secrecy", "off_channel"], "reader": "student"},
        {"text": "Picture day is Thursday; forms are in the office.", "concepts": [], "reader": "parent"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_cli("eval", "--corpus", "--no-semantic", "--format", "json", str(corpus))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["violations"] == 1 and data["acceptable"] == 1
    assert data["concept_recall"] == {"off_channel": 1.0, "secrecy": 1.0}
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "x"}\n', encoding="utf-8")
    assert run_cli("eval", "--corpus", "--no-semantic", str(broken)).returncode == 3
