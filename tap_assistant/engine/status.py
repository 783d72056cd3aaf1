"""What `tap-assistant engine status` reports: everything a support person asks for."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import psutil

from tap_assistant.core.config import Configuration
from tap_assistant.engine import paths, process
from tap_assistant.engine.client import healthcheck, normalize_base_url
from tap_assistant.engine.install import LT_VERSION, find_maven, inspect_installation
from tap_assistant.engine.java import JavaNotFound, find_java, java_candidates
from tap_assistant.engine.words import accepted_words


@dataclass
class EngineStatus:
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return bool(self.data.get("usable"))


def _running_engines() -> list[dict[str, Any]]:
    engines = []
    for record in process.read_records():
        proc = process.engine_process(record)
        if proc is None:
            continue
        try:
            rss_mb = round(proc.memory_info().rss / 1024 / 1024)
        except psutil.Error:
            rss_mb = None
        engines.append(
            {
                "pid": record.pid,
                "url": record.url,
                "started_by": "engine start" if record.detached else f"pid {record.owner_pid}",
                "owner_alive": process.owner_alive(record),
                "answering": healthcheck(record.url),
                "uptime_s": round(time.time() - record.started_at),
                "rss_mb": rss_mb,
            }
        )
    return engines


def collect_status(config: Configuration) -> EngineStatus:
    settings = config.settings
    choice = paths.find_engine_dir()
    installation = inspect_installation(choice.path)
    data: dict[str, Any] = {
        "languagetool_version_expected": LT_VERSION,
        "engine_dir": str(choice.path),
        "engine_dir_source": choice.source,
        "engine_dirs_looked_at": [f"{c.path} ({c.source})" for c in paths.engine_dir_candidates()],
        "installed": installation.complete,
        "install_problem": installation.problem,
        "installed_version": installation.lt_version,
        "installed_at": installation.installed_at,
        "up_to_date": installation.up_to_date,
        "jar_count": installation.jar_count,
        "size_mb": round(installation.size_bytes / 1024 / 1024, 1),
        "interrupted_downloads": [str(p) for p in installation.leftovers],
        "heap_mb": settings.engine_heap_mb,
        "log_file": str(paths.log_path()),
        "run_dir": str(paths.runtime_root()),
        "accepted_words": len(accepted_words(settings)),
        "disabled_rules": list(settings.grammar_disabled_rules),
        "maven": str(find_maven() or ""),
    }
    try:
        java = find_java()
        data["java"] = {"path": str(java.path), "version": java.version, "source": java.source}
        data["java_problem"] = ""
    except JavaNotFound as error:
        data["java"] = None
        data["java_problem"] = str(error)
    data["java_looked_at"] = [f"{c.path} ({c.source})" for c in java_candidates()]

    if settings.engine_url.strip():
        url = normalize_base_url(settings.engine_url)
        answering = healthcheck(url, timeout=5)
        data["mode"] = "district"
        data["district_url"] = url
        data["answering"] = answering
        data["usable"] = answering
    else:
        engines = _running_engines()
        data["mode"] = "local"
        data["district_url"] = ""
        data["running"] = engines
        data["answering"] = any(e["answering"] for e in engines)
        data["usable"] = installation.complete and data["java"] is not None
    return EngineStatus(data)


def render_status(status: EngineStatus) -> str:
    d = status.data
    lines: list[str] = []
    if d["mode"] == "district":
        lines.append(f"Mode:        district server {d['district_url']} (set by IT; no local engine is started)")
        lines.append(f"Answering:   {'yes' if d['answering'] else 'NO'}")
    else:
        lines.append("Mode:        local engine (LanguageTool on 127.0.0.1, started by the app)")
    if d["installed"]:
        note = "" if d["up_to_date"] else " (older than this app's descriptor: run `tap-assistant engine install`)"
        lines.append(
            f"Installed:   LanguageTool {d['installed_version']} (English), {d['jar_count']} jars, "
            f"{d['size_mb']} MB, on {d['installed_at']}{note}"
        )
    else:
        lines.append(f"Installed:   NO: {d['install_problem']}. Fix: tap-assistant engine install")
    lines.append(f"Engine dir:  {d['engine_dir']} ({d['engine_dir_source']})")
    if d["java"]:
        j = d["java"]
        lines.append(f"Java:        {j['version']} at {j['path']} ({j['source']})")
    else:
        lines.append(f"Java:        NOT USABLE: {d['java_problem']}")
    lines.append(f"Maven:       {d['maven'] or 'not found (only needed to install the engine)'}")
    lines.append(f"Heap cap:    {d['heap_mb']} MB (setting engine_heap_mb)")
    if d["mode"] == "local":
        if d["running"]:
            for e in d["running"]:
                lines.append(
                    f"Running:     pid {e['pid']} at {e['url']}, started by {e['started_by']}, "
                    f"{'answering' if e['answering'] else 'NOT answering'}, RSS {e['rss_mb']} MB, up {e['uptime_s']} s"
                )
        else:
            lines.append("Running:     no engine running now (the app starts one; `tap-assistant engine start` keeps one warm)")
    lines.append(f"Words:       {d['accepted_words']} accepted district words; disabled rules: {', '.join(d['disabled_rules']) or 'none'}")
    lines.append(f"Log:         {d['log_file']}")
    if d["interrupted_downloads"]:
        lines.append(f"Leftovers:   {len(d['interrupted_downloads'])} interrupted download(s); `engine install` removes them")
    if "probe" in d:
        p = d["probe"]
        lines.append(f"Probe:       {p['status']} in {p['seconds']} s; {p['detail'] or ', '.join(p['rules']) or 'no findings'}")
    lines.append(f"Usable:      {'yes' if d['usable'] else 'NO'}")
    return "\n".join(lines) + "\n"
