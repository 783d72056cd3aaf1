"""The rule pack and other resources ship inside the wheel, not only in the source tree."""

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_in_fresh_virtualenv_finds_its_resources(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(dist.glob("tap_assistant-*.whl"))
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300)
    # Dependencies come from the development environment's site-packages (PYTHONPATH does not
    # process its .pth files, so the editable source checkout stays invisible).
    deps = sysconfig.get_paths()["purelib"]
    code = (
        "import json, tap_assistant, tap_assistant.resources as r; "
        "print(json.dumps({'pkg': tap_assistant.__file__, 'res': str(r.resources_dir())}))"
    )
    env = {"PYTHONPATH": deps, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    where = json.loads(result.stdout)
    assert where["pkg"].startswith(str(env_dir))
    assert where["res"].startswith(str(env_dir)) and where["res"].endswith("tap_assistant/resources")
    check = subprocess.run(
        [str(env_dir / "bin" / "tap-assistant"), "check", "--no-grammar", "--format", "json", "-"],
        input="Add me on Snapchat!", capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    assert check.returncode == 2, check.stderr
    assert json.loads(check.stdout)["findings"][0]["rule"] == "T4.social-connection"
