"""The LanguageTool server process: launch, readiness, stop, and records of running engines.

Each local engine gets a run folder `<user state dir>/engine-run/<port>/` holding its
`server.properties`, its classpath folder with the district's `spelling_custom.txt`, and
`state.json` (pid, port, owner). The record lets a later start clean up an engine left behind
by a crashed app, and lets `tap-assistant check` reuse a warm engine. A process is only ever
killed when its command line names `org.languagetool.server.HTTPServer` *and* our config path,
so a recycled pid or somebody else's LanguageTool is never touched.

On Linux the JVM also gets `PR_SET_PDEATHSIG`, so it dies with its owner even on `kill -9`.
The kernel sends that signal when the *thread* that forked the child exits, not the process;
launches therefore go through one long-lived spawner thread (see `_spawn`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import psutil
import requests

from tap_assistant.engine import paths
from tap_assistant.engine.chunks import MAX_CHUNK_UTF16
from tap_assistant.engine.client import LANGUAGE, REQUEST_TIMEOUT_SECONDS, answers_now, healthcheck, normalize_base_url
from tap_assistant.engine.java import hidden_window_kwargs, sanitized_java_env

MAIN_CLASS = "org.languagetool.server.HTTPServer"
STATE_FILE = "state.json"
CONFIG_FILE = "server.properties"
CUSTOM_DIR = "classpath"
#: Longest wait for a cold engine (jar loading + first rules); a slow, AV-scanned laptop needs it.
READY_TIMEOUT_SECONDS = 120.0
#: A text long enough for the LanguageTool pipeline to load every English rule.
WARM_UP_TEXT = "This is a test sentence, and it have an error. Their is a other one here."
#: Biggest log before it is rotated at the next start.
LOG_ROTATE_BYTES = 5 * 1024 * 1024
#: How many ports to try when the chosen one was taken between picking and binding.
PORT_ATTEMPTS = 3
#: JVM tuning for a desktop (benchmarks/bench_grammar.py --jvm-flags compares alternatives).
#: - Serial GC: small heap, two cores; the lowest footprint and no pause worth noticing here.
#: - C1 only (TieredStopAtLevel=1): on two cores the C2 compiler competes with LanguageTool's
#:   rule loading. In alternating runs on a busy 2-core machine C1 alone took the cold start
#:   (to the first check) from ~31 s to ~12-16 s and the RSS down by ~30-50 MB, while a warm
#:   300-word check stays far inside budget (p95 ~170 ms on a calmer run).
JVM_TUNING: tuple[str, ...] = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


#: The longest text the server takes in one request, in UTF-16 units (how it counts). The app
#: sends chunks of at most MAX_CHUNK_UTF16; the margin is for other local clients. A 200,000-
#: character request could hold a check thread for minutes after its client gave up; this
#: bounds what any one request can cost.
SERVER_MAX_TEXT_UTF16 = 2 * MAX_CHUNK_UTF16


class EngineStartError(RuntimeError):
    """The server did not become ready; the message says why (no draft text in it)."""


class PortInUse(EngineStartError):
    pass


def server_properties(max_text_length: int) -> str:
    """The server config: cached, pipelines kept warm, bounded text and time, two threads."""
    return "\n".join(
        [
            "# Written by TAP Assistant for each engine start.",
            f"maxTextLength={max_text_length}",
            f"maxCheckTimeMillis={int(REQUEST_TIMEOUT_SECONDS * 1000)}",
            "maxCheckThreads=2",
            "cacheSize=2000",
            "cacheTTLSeconds=3600",
            "pipelineCaching=true",
            "maxPipelinePoolSize=5",
            "pipelineExpireTimeInSeconds=3600",
            "maxWorkQueueSize=20",
            "",
        ]
    )


def pick_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- records of running engines ---------------------------------------------------------------


@dataclass
class EngineRecord:
    pid: int
    port: int
    config_path: str
    owner_pid: int  # the app/CLI process that started it; 0 for `engine start` (detached)
    owner_create_time: float
    create_time: float  # the JVM's, to detect pid reuse
    started_at: float
    engine_dir: str
    java: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def detached(self) -> bool:
        return self.owner_pid == 0

    @property
    def run_dir(self) -> Path:
        return Path(self.config_path).parent


def write_record(record: EngineRecord) -> None:
    target = record.run_dir / STATE_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(record), indent=2), encoding="utf-8")
    os.replace(tmp, target)


def read_records(root: Path | None = None) -> list[EngineRecord]:
    root = root or paths.runtime_root()
    records: list[EngineRecord] = []
    if not root.is_dir():
        return records
    for state in sorted(root.glob(f"*/{STATE_FILE}")):
        try:
            records.append(EngineRecord(**json.loads(state.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return records


def engine_process(record: EngineRecord) -> psutil.Process | None:
    """The live JVM of a record, or None if it is gone or the pid now belongs to something else."""
    try:
        proc = psutil.Process(record.pid)
        if abs(proc.create_time() - record.create_time) > 1.0:
            return None
        return proc if is_our_engine_cmdline(proc.cmdline(), record.config_path) else None
    except (psutil.Error, OSError):
        return None


def is_our_engine_cmdline(cmdline: list[str], config_path: str) -> bool:
    return MAIN_CLASS in cmdline and config_path in cmdline


def owner_alive(record: EngineRecord) -> bool:
    if record.detached:
        return True
    try:
        owner = psutil.Process(record.owner_pid)
        return abs(owner.create_time() - record.owner_create_time) <= 1.0 and owner.status() != psutil.STATUS_ZOMBIE
    except (psutil.Error, OSError):
        return False


def kill_tree(proc: psutil.Process, grace: float = 5.0) -> None:
    """terminate, wait `grace`, then kill; never raises."""
    with contextlib.suppress(psutil.Error, OSError):
        proc.terminate()
    try:
        proc.wait(grace)
        return
    except (psutil.Error, OSError):
        pass
    with contextlib.suppress(psutil.Error, OSError):
        proc.kill()
        proc.wait(grace)


def remove_run_dir(run_dir: Path) -> None:
    # Only ever one of our run folders (named by port, holding our config): a corrupt record
    # must not make us delete anything else.
    with contextlib.suppress(OSError):
        if run_dir.name.isdigit() and (run_dir / CONFIG_FILE).is_file():
            shutil.rmtree(run_dir, ignore_errors=True)


def cleanup_stale(root: Path | None = None, include_detached: bool = False) -> list[EngineRecord]:
    """Stop engines whose owner died (a crashed app) and forget records of dead engines.

    Engines of a live owner (the running tray app) are left alone; detached ones (`engine
    start`) too unless `include_detached`. Returns the records of engines that were stopped.
    """
    stopped: list[EngineRecord] = []
    for record in read_records(root):
        proc = engine_process(record)
        if proc is None:
            remove_run_dir(record.run_dir)
            continue
        if owner_alive(record) and not (include_detached and record.detached):
            continue
        kill_tree(proc)
        remove_run_dir(record.run_dir)
        stopped.append(record)
    return stopped


def live_engines(root: Path | None = None) -> list[EngineRecord]:
    """Running engines of ours whose owner is alive (the tray app, or `engine start`)."""
    return [r for r in read_records(root) if engine_process(r) is not None and owner_alive(r)]


def wait_until_answers(record: EngineRecord, seconds: float) -> bool:
    """Whether the engine answers a small check within `seconds` (probing once a second)."""
    deadline = time.monotonic() + seconds
    while True:
        if engine_process(record) is None:
            return False
        if answers_now(record.url, timeout=2.0):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(1.0)


def stop_engine(record: EngineRecord) -> None:
    """Stop one engine of ours (checked by its command line) and forget it."""
    proc = engine_process(record)
    if proc is not None:
        kill_tree(proc)
    remove_run_dir(record.run_dir)


def find_reusable_engine(root: Path | None = None) -> EngineRecord | None:
    """A running engine of ours (tray app or `engine start`) that answers its health check."""
    for record in read_records(root):
        if engine_process(record) is None or not owner_alive(record):
            continue
        with contextlib.suppress(requests.RequestException):
            if healthcheck(record.url, timeout=2):
                return record
    return None


# --- launching ----------------------------------------------------------------------------------

_spawner: concurrent.futures.ThreadPoolExecutor | None = None


def _spawn(command: list[str], **kwargs) -> subprocess.Popen:
    """Popen on one long-lived thread so PR_SET_PDEATHSIG does not fire when a worker exits."""
    global _spawner
    if sys.platform != "linux":
        return subprocess.Popen(command, **kwargs)
    if _spawner is None:
        _spawner = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine-spawner")
    return _spawner.submit(subprocess.Popen, command, **kwargs).result()


def _linux_die_with_parent(parent_pid: int) -> Callable[[], None] | None:
    if sys.platform != "linux":
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def _preexec() -> None:  # runs in the child between fork and exec: keep it minimal
        prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return _preexec


def _rotate_log(log_file: Path) -> None:
    with contextlib.suppress(OSError):
        if log_file.stat().st_size > LOG_ROTATE_BYTES:
            os.replace(log_file, log_file.with_suffix(log_file.suffix + ".1"))


@dataclass
class LaunchSpec:
    java: Path
    engine_dir: Path
    heap_mb: int
    words: list[str]
    max_text_length: int
    detached: bool = False  # `engine start`: outlives this process, no parent-death signal
    runtime_root: Path | None = None
    log_file: Path | None = None


class LocalEngine:
    """One running LanguageTool server that this process started."""

    def __init__(self, popen: subprocess.Popen, record: EngineRecord, log_file: Path, log_offset: int) -> None:
        self.popen = popen
        self.record = record
        self.log_file = log_file
        self.log_offset = log_offset

    @property
    def url(self) -> str:
        return self.record.url

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, max_lines: int = 400) -> list[str]:
        try:
            with self.log_file.open("rb") as handle:
                handle.seek(self.log_offset)
                data = handle.read(256 * 1024)
        except OSError:
            return []
        return data.decode("utf-8", errors="replace").splitlines()[-max_lines:]

    def first_error_line(self) -> str:
        for line in self.log_tail():
            if any(key in line for key in ("Exception", "Error", "error:", "Could not", "Unrecognized")):
                return line.strip()[:300]
        return ""

    def stop(self, grace: float = 5.0) -> None:
        """Stop the JVM and remove its run folder; idempotent, never raises."""
        if self.popen.poll() is None:
            with contextlib.suppress(OSError):
                self.popen.terminate()
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    self.popen.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.popen.wait(grace)
        remove_run_dir(self.record.run_dir)


def build_command(spec: LaunchSpec, custom_dir: Path, config_path: Path, port: int) -> list[str]:
    classpath = os.pathsep.join([str(custom_dir), str(spec.engine_dir / paths.LIB_DIR_NAME / "*")])
    return [
        str(spec.java),
        "-Xms64m",
        f"-Xmx{max(128, int(spec.heap_mb))}m",
        *JVM_TUNING,
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        "-cp",
        classpath,
        MAIN_CLASS,
        # No --public, --allow-origin or --verbose: loopback only, and --verbose logs text.
        "--port",
        str(port),
        "--config",
        str(config_path),
    ]


def launch(spec: LaunchSpec, port: int) -> LocalEngine:
    """Start the JVM on `port`; returns at once (see `wait_ready`)."""
    from tap_assistant.engine.words import write_spelling_custom

    root = spec.runtime_root or paths.runtime_root()
    run_dir = root / str(port)
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True, exist_ok=True)
    custom_dir = run_dir / CUSTOM_DIR
    write_spelling_custom(custom_dir, spec.words)
    config_path = run_dir / CONFIG_FILE
    config_path.write_text(server_properties(spec.max_text_length), encoding="utf-8")

    log_file = spec.log_file or paths.log_path()
    log_file.parent.mkdir(parents=True, exist_ok=True)
    _rotate_log(log_file)
    log = log_file.open("ab")
    log_offset = log.tell()
    log.write(f"\n=== TAP Assistant: starting LanguageTool on 127.0.0.1:{port} at {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
    log.flush()
    log_offset = log.tell()

    kwargs: dict = dict(
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=sanitized_java_env(),
        cwd=str(run_dir),
        close_fds=True,
        **hidden_window_kwargs(),
    )
    if spec.detached:
        if sys.platform == "win32":
            kwargs["creationflags"] = kwargs.get("creationflags", 0) | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        else:
            kwargs["start_new_session"] = True
    else:
        preexec = _linux_die_with_parent(os.getpid())
        if preexec is not None:
            kwargs["preexec_fn"] = preexec
    command = build_command(spec, custom_dir, config_path, port)
    try:
        popen = _spawn(command, **kwargs)
    except OSError as error:
        log.close()
        remove_run_dir(run_dir)
        raise EngineStartError(f"could not run Java ({spec.java}): {error.strerror or error}") from error
    finally:
        if not log.closed:
            log.close()  # the child has its own descriptor
    me = psutil.Process()
    try:
        create_time = psutil.Process(popen.pid).create_time()
    except psutil.Error:
        create_time = time.time()
    record = EngineRecord(
        pid=popen.pid,
        port=port,
        config_path=str(config_path),
        owner_pid=0 if spec.detached else me.pid,
        owner_create_time=0.0 if spec.detached else me.create_time(),
        create_time=create_time,
        started_at=time.time(),
        engine_dir=str(spec.engine_dir),
        java=str(spec.java),
    )
    write_record(record)
    return LocalEngine(popen, record, log_file, log_offset)


def _listens_on(pid: int, port: int) -> bool | None:
    """Whether `pid` has a listening socket on `port`; None when the OS will not tell us."""
    try:
        connections = psutil.Process(pid).net_connections(kind="inet")
    except (psutil.AccessDenied, AttributeError):
        return None
    except psutil.Error:
        return False
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port for c in connections)


def wait_ready(engine: LocalEngine, timeout: float = READY_TIMEOUT_SECONDS) -> None:
    """Ready = health check answers *from our pid*, en-US is offered, and a warm-up check returns."""
    base = normalize_base_url(engine.url)
    deadline = time.monotonic() + timeout
    session = requests.Session()
    session.trust_env = False  # loopback: never through a proxy
    try:
        while True:
            if not engine.alive():
                tail = "\n".join(engine.log_tail())
                if "BindException" in tail or "Address already in use" in tail:
                    raise PortInUse(f"port {engine.record.port} was already in use")
                reason = engine.first_error_line() or f"exit status {engine.popen.returncode}"
                raise EngineStartError(f"the engine stopped while starting: {reason}")
            if time.monotonic() > deadline:
                raise EngineStartError(f"the engine did not answer within {int(timeout)} s")
            try:
                if session.get(base + "v2/healthcheck", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.25)
        listening = _listens_on(engine.pid, engine.record.port)
        if listening is False:
            # Something else answered on this port (a stale server): not ours.
            raise PortInUse(f"another program answers on port {engine.record.port}")
        try:
            languages = {e.get("longCode") for e in session.get(base + "v2/languages", timeout=10).json()}
        except (requests.RequestException, ValueError) as error:
            raise EngineStartError(f"the engine did not list its languages ({type(error).__name__})") from error
        if LANGUAGE not in languages:
            raise EngineStartError(f"the engine has no {LANGUAGE} module (is the install complete?)")
        # The first check loads every English rule. On a busy machine that can outlast the
        # server's per-check limit (HTTP 500); the rules stay loaded, so try again until the
        # deadline.
        while True:
            remaining = max(5.0, deadline - time.monotonic())
            try:
                response = session.post(
                    base + "v2/check", data={"language": LANGUAGE, "text": WARM_UP_TEXT}, timeout=remaining
                )
            except requests.RequestException as error:
                raise EngineStartError(f"the warm-up check failed ({type(error).__name__})") from error
            if response.status_code == 200:
                break
            if not engine.alive() or time.monotonic() > deadline or response.status_code not in (500, 503):
                raise EngineStartError(f"the warm-up check failed (HTTP {response.status_code})")
    finally:
        session.close()


def start_engine(
    spec: LaunchSpec,
    timeout: float = READY_TIMEOUT_SECONDS,
    port_picker: Callable[[], int] = pick_free_port,
    on_launch: Callable[[LocalEngine], None] | None = None,
) -> LocalEngine:
    """Launch and wait until ready; a port taken by someone else is retried on a new port.

    `on_launch` sees each process as soon as it exists, so a caller can stop it mid-start.
    """
    last: EngineStartError | None = None
    for _ in range(PORT_ATTEMPTS):
        engine = launch(spec, port_picker())
        if on_launch is not None:
            on_launch(engine)
        try:
            wait_ready(engine, timeout)
            return engine
        except PortInUse as error:
            engine.stop()
            last = error
        except BaseException:
            engine.stop()
            raise
    assert last is not None
    raise EngineStartError(f"no free port for the engine after {PORT_ATTEMPTS} tries ({last})")
