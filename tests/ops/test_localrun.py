"""`make run` reads well: the addresses are printed once the web answers, the worker's and
beat's routine lines go to var/log/ (warnings still on the console), and Ctrl-C ends with
exit status 0 and no error line. Real processes: the launcher under a session of its own,
as a terminal runs it, and the Procfile's own worker command."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from honcho.environ import parse_procfile

from tracker.localrun import announce_when_ready, exit_status

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = parse_procfile((ROOT / "Procfile").read_text(encoding="utf-8")).processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def read_until(process: subprocess.Popen, wanted: str, timeout: float) -> str:
    """The output of `process` up to the first line containing `wanted`."""
    deadline, seen = time.monotonic() + timeout, []
    os.set_blocking(process.stdout.fileno(), False)
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            seen.append(line)
            if wanted in line:
                return "".join(seen)
        else:
            time.sleep(0.05)
    raise AssertionError(f"no {wanted!r} within {timeout} s:\n{''.join(seen)}")


@pytest.fixture
def launched(tmp_path):
    """tracker.localrun over a Procfile whose web answers HTTP only after a delay and whose
    other process talks, in a new session (the process group a terminal's Ctrl-C reaches)."""
    port = free_port()
    web = (
        f"{sys.executable} -c \"import time; time.sleep(1.5); print('web up', flush=True)\" && "
        f"exec {sys.executable} -m http.server {port} --bind 127.0.0.1"
    )
    talker = f"{sys.executable} -u -c \"import time; print('a worker line'); time.sleep(300)\""
    (tmp_path / "Procfile").write_text(f"web: {web}\nworker: {talker}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker.localrun", str(tmp_path / "Procfile")],
        cwd=ROOT,
        env={**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    yield process, port
    if process.poll() is None:
        # SIGTERM, not SIGKILL: honcho starts each process in a session of its own, so only
        # the launcher can stop them; killed outright, it left the web and the talker running.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_addresses_are_printed_once_the_web_answers(launched):
    process, port = launched
    before = read_until(process, "Ready. Dashboard:", timeout=60)
    rest = read_until(process, "Ctrl-C stops.", timeout=5)
    assert "web up" in before  # the web process had started before the lines came
    assert f"Ready. Dashboard: http://127.0.0.1:{port}/" in before
    assert f"Admin:     http://127.0.0.1:{port}/admin/  (local only: admin / admin)" in rest


def test_ctrl_c_stops_everything_with_status_0_and_no_error_line(launched):
    process, port = launched
    read_until(process, "Ctrl-C stops.", timeout=60)
    assert answers(port)

    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    output, _ = process.communicate(timeout=60)

    assert process.returncode == 0
    assert "SIGINT received" in output
    assert not answers(port)  # the web process went with the launcher
    for bad in ("Traceback", "Error", "error", "SIGKILL"):
        assert bad not in output, output


def test_a_process_that_fails_on_its_own_is_still_a_failure():
    assert exit_status(3) == 3
    assert exit_status(130) == exit_status(143) == exit_status(None) == 0


def test_nothing_is_announced_when_the_web_never_answers():
    said: list[str] = []
    assert not announce_when_ready(f"http://127.0.0.1:{free_port()}", said.append, timeout=0.6)
    assert said == []


# --- the Procfile's worker and beat log to var/log/ -----------------------------------------


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_the_worker_and_beat_log_to_var_log_quietly(name):
    command = PROCFILE[name]
    assert f"LOG_FILE=var/log/{name}.log " in command and " --quiet " in command
    assert "LOG_FILE" not in PROCFILE["web"]  # the web's requests stay on the console


def test_the_procfiles_worker_prints_no_banner_and_logs_info_only_to_its_file(tmp_path):
    """The worker command as the Procfile writes it (its log file moved to tmp_path, the
    in-memory broker): the console gets no banner and no INFO line; the file gets them."""
    log = tmp_path / "worker.log"
    command = PROCFILE["worker"].replace("var/log/worker.log", str(log))
    worker = subprocess.Popen(
        command.replace(".venv/bin/celery", f"{sys.executable} -m celery"),
        shell=True,
        cwd=ROOT,
        env={**os.environ, "CELERY_BROKER_URL": "memory://", "LOG_LEVEL": "INFO"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while "ready." not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline and worker.poll() is None, "the worker did not start"
            time.sleep(0.2)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        console, _ = worker.communicate(timeout=60)
    assert "INFO celery.apps.worker celery@" in log.read_text()
    assert "[tasks]" not in console and "-------------- celery@" not in console
    assert " INFO " not in console, console
