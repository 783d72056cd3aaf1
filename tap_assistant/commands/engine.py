"""`tap-assistant engine install|status|start|stop`: the local LanguageTool grammar engine."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tap_assistant.commands.common import add_policy_option, load_config_for

PROBE_TEXT = "This are a test of the grammar engine, it have two error."
#: How long `engine start` gives a running engine that does not answer before calling it stuck.
RECOVERY_WAIT_SECONDS = 8.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("engine", help="install and inspect the grammar engine (LanguageTool)")
    actions = parser.add_subparsers(dest="engine_action", metavar="ACTION")
    parser.set_defaults(func=_no_action, engine_parser=parser)

    install = actions.add_parser("install", help="download LanguageTool (English) from Maven Central")
    install.add_argument("--dir", type=Path, metavar="DIR", help="engine folder (default: see `engine status`)")
    install.add_argument("--force", action="store_true", help="download again even when already installed")
    install.set_defaults(func=run_install)

    status = actions.add_parser("status", help="what is installed, where, which Java, whether it answers")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.add_argument("--probe", action="store_true", help="also start an engine (if none runs) and check a test sentence")
    add_policy_option(status)
    status.set_defaults(func=run_status)

    start = actions.add_parser("start", help="start an engine in the background for scripts and `check`")
    add_policy_option(start)
    start.set_defaults(func=run_start)

    stop = actions.add_parser("stop", help="stop engines started by `engine start` or left by a crashed app")
    stop.set_defaults(func=run_stop)


def _no_action(args: argparse.Namespace) -> int:
    args.engine_parser.print_help()
    return 3


def _err(message: str) -> None:
    print(f"tap-assistant: {message}", file=sys.stderr)


def run_install(args: argparse.Namespace) -> int:
    from tap_assistant.engine.install import InstallError, install_engine
    from tap_assistant.engine.java import JavaNotFound
    from tap_assistant.engine.paths import default_install_dir

    target = args.dir or default_install_dir()
    started = time.monotonic()
    try:
        installation = install_engine(target, force=args.force, progress=lambda m: print(f"engine: {m}", flush=True))
    except JavaNotFound as error:
        _err(f"cannot install the grammar engine: {error}")
        return 1
    except InstallError as error:
        _err(f"cannot install the grammar engine: {error}")
        return 1
    except KeyboardInterrupt:
        _err("install interrupted; nothing was changed (run `tap-assistant engine install` again)")
        return 130
    except OSError as error:
        _err(f"cannot install the grammar engine: {error}")
        return 1
    if not installation.complete:
        _err(f"the install in {installation.path} is not usable: {installation.problem}")
        return 1
    took = time.monotonic() - started
    verb = f"installed in {took:.0f} s" if installation.downloaded else "already installed"
    print(
        f"engine: LanguageTool {installation.lt_version} (English) {verb}: {installation.path} "
        f"({installation.jar_count} jars, {installation.size_bytes / 1024 / 1024:.0f} MB)"
    )
    if args.dir is not None:
        from tap_assistant.engine.paths import ENGINE_DIR_ENV, find_engine_dir

        if find_engine_dir().path.resolve() != installation.path.resolve():
            print(f"engine: note: the app looks elsewhere; set {ENGINE_DIR_ENV}={installation.path} to use this copy")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from tap_assistant.engine.status import collect_status, render_status

    config = load_config_for(args)
    status = collect_status(config)
    if args.probe:
        from tap_assistant.engine.oneshot import check_grammar_once

        started = time.monotonic()
        result = check_grammar_once(PROBE_TEXT, config)
        status.data["probe"] = {
            "status": result.status.value,
            "detail": result.detail,
            "rules": sorted({f.rule for f in result.findings}),
            "seconds": round(time.monotonic() - started, 1),
        }
        status.data["usable"] = result.status.value == "checked"
    if args.format == "json":
        json.dump(status.data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_status(status))
    return 0 if status.usable else 1


def run_start(args: argparse.Namespace) -> int:
    from tap_assistant.engine import paths, process
    from tap_assistant.engine.install import inspect_installation
    from tap_assistant.engine.java import JavaNotFound, find_java
    from tap_assistant.engine.words import accepted_words

    config = load_config_for(args)
    if config.settings.engine_url.strip():
        print(f"engine: the district server {config.settings.engine_url} is used; no local engine is needed")
        return 0
    process.cleanup_stale()
    for record in process.live_engines():
        # One engine per user: a running one that answers is reused; a stuck one is replaced
        # (ours) or left to the app that owns it, never joined by a second JVM.
        if process.wait_until_answers(record, RECOVERY_WAIT_SECONDS):
            print(f"engine: already running at {record.url} (pid {record.pid})")
            return 0
        if not record.detached:
            _err(
                f"the app's grammar engine (pid {record.pid}) is not answering; the app restarts it "
                "itself, so no second engine is started"
            )
            return 1
        print(f"engine: the engine at {record.url} (pid {record.pid}) is stuck; stopping it", flush=True)
        process.stop_engine(record)
    choice = paths.find_engine_dir()
    installation = inspect_installation(choice.path)
    if not installation.complete:
        _err(f"the grammar engine is not installed ({installation.problem}); run `tap-assistant engine install`")
        return 1
    try:
        java = find_java()
    except JavaNotFound as error:
        _err(str(error))
        return 1
    spec = process.LaunchSpec(
        java=java.path,
        engine_dir=choice.path,
        heap_mb=config.settings.engine_heap_mb or 512,
        words=accepted_words(config.settings),
        max_text_length=process.SERVER_MAX_TEXT_UTF16,
        detached=True,
    )
    print("engine: starting LanguageTool (10-20 s) ...", flush=True)
    try:
        engine = process.start_engine(spec)
    except process.EngineStartError as error:
        _err(f"the engine could not start: {error} (log: {paths.log_path()})")
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"engine: running at {engine.url} (pid {engine.pid}); `tap-assistant engine stop` stops it")
    return 0


def run_stop(args: argparse.Namespace) -> int:
    from tap_assistant.engine import process

    stopped = process.cleanup_stale(include_detached=True)
    for record in stopped:
        print(f"engine: stopped pid {record.pid} ({record.url})")
    if not stopped:
        print("engine: no background engine to stop (an engine owned by the running app stops with the app)")
    return 0
