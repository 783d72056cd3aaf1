"""`tap-assistant model install|status`: the sentence model of the meaning check."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tap_assistant.commands.common import add_policy_option, load_config_for


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("model", help="install and inspect the meaning check's sentence model")
    actions = parser.add_subparsers(dest="model_action", metavar="ACTION")
    parser.set_defaults(func=_no_action, model_parser=parser)

    install = actions.add_parser("install", help="fetch all-MiniLM-L6-v2 (pinned, without torch) and verify it")
    install.add_argument("--dir", type=Path, metavar="DIR", help="model folder (default: see `model status`)")
    install.add_argument("--wheel", type=Path, metavar="FILE", help="install from a downloaded model wheel (offline)")
    install.add_argument("--force", action="store_true", help="install again even when already installed")
    install.set_defaults(func=run_install)

    status = actions.add_parser("status", help="where the model is, whether it is intact, the concepts it checks")
    status.add_argument("--format", choices=("text", "json"), default="text")
    add_policy_option(status)
    status.set_defaults(func=run_status)


def _no_action(args: argparse.Namespace) -> int:
    args.model_parser.print_help()
    return 3


def run_install(args: argparse.Namespace) -> int:
    from tap_assistant.semantic.model_files import (
        MODEL_DIR_ENV,
        ModelInstallError,
        default_install_dir,
        find_model_dir,
        install_model,
    )

    target = args.dir or default_install_dir()
    started = time.monotonic()
    try:
        files = install_model(
            target, wheel=args.wheel, force=args.force, progress=lambda m: print(f"model: {m}", flush=True)
        )
    except ModelInstallError as error:
        print(f"tap-assistant: cannot install the sentence model: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"tap-assistant: cannot install the sentence model: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tap-assistant: install interrupted; nothing was changed", file=sys.stderr)
        return 130
    verb = f"installed in {time.monotonic() - started:.0f} s" if files.downloaded else "already installed"
    print(f"model: all-MiniLM-L6-v2 {verb}: {files.path} ({files.size_bytes / 1024 / 1024:.0f} MB, hashes verified)")
    if args.dir is not None and find_model_dir().path.resolve() != files.path.resolve():
        print(f"model: note: the app looks elsewhere; set {MODEL_DIR_ENV}={files.path} to use this copy")
    return 0


def collect_status(args: argparse.Namespace) -> dict:
    from tap_assistant.semantic.model_files import PINNED_FILES, WHEEL_REQUIREMENT, find_model_dir, inspect_model, model_dir_candidates

    config = load_config_for(args)
    choice = find_model_dir()
    files = inspect_model(choice.path, verify=True)
    data: dict = {
        "model": "all-MiniLM-L6-v2",
        "from": WHEEL_REQUIREMENT,
        "path": str(choice.path),
        "source": choice.source,
        "looked_in": [{"path": str(c.path), "source": c.source} for c in model_dir_candidates()],
        "installed": files.complete,
        "problem": files.problem,
        "sha256": PINNED_FILES,
        "enabled": config.settings.semantic_enabled,
        "sensitivity": config.settings.semantic_sensitivity,
        "disabled_concepts": list(config.settings.semantic_disabled_concepts),
    }
    try:
        from tap_assistant.semantic.concepts import shipped_concepts

        data["concepts"] = [
            {"id": c.id, "rule": c.rule_id, "pillar": c.pillar.value, "clauses": list(c.clauses), "title": c.title}
            for c in shipped_concepts()
        ]
    except (OSError, ValueError) as error:
        data["concepts"] = []
        data["problem"] = data["problem"] or f"concept catalogue unreadable: {error}"
    from tap_assistant.semantic import load_semantic_checker

    _, result = load_semantic_checker(config.settings)
    data["status"] = result.status.value
    data["detail"] = result.detail
    return data


def run_status(args: argparse.Namespace) -> int:
    data = collect_status(args)
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"Meaning check: {data['status']} ({data['detail']})")
        print(f"Model: {data['model']} from {data['from']}")
        print(f"Folder: {data['path']} ({data['source']}): {'installed, hashes verified' if data['installed'] else data['problem']}")
        print(f"Sensitivity: {data['sensitivity']}; turned off: {', '.join(data['disabled_concepts']) or 'none'}")
        print("Concepts:")
        for concept in data["concepts"]:
            print(f"  {concept['id']:26} {concept['pillar']:12} {'/'.join(concept['clauses']):14} {concept['title']}")
    return 0 if data["status"] == "checked" else 1
