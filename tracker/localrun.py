"""`make run`: the Procfile's processes under honcho, with the addresses a person needs
printed again once the web process answers (so they are the last lines before the logs,
not 60 lines up), and Ctrl-C a normal way to stop: exit status 0, so make adds no error.

    HOST=127.0.0.1 PORT=8000 python -m tracker.localrun Procfile

The worker and beat write their logs to var/log/ (LOG_FILE in the Procfile, warnings still
here): what stays on this console is the web's requests and what the worker prints, such as
the emails of the console backend with their confirmation links.
"""

import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import honcho.manager
from honcho.environ import expand_processes, parse_procfile
from honcho.manager import SYSTEM_PRINTER_NAME, Manager
from honcho.printer import Message, Printer

# honcho's exit status after the SIGINT (Ctrl-C) or SIGTERM it was sent: a stop asked for.
ASKED_TO_STOP = frozenset({130, 143})
READY_TIMEOUT_SECONDS = 120.0
# honcho kills what has not stopped 5 s after its SIGTERM; a Celery worker on the embedded
# broker takes 5 to 8 s to notice and finish (its loop waits 2 s for a message, its timer up
# to 1 s): let it, so that Ctrl-C is not followed by "sending SIGKILL".
honcho.manager.KILL_WAIT = 20


def ready_lines(base_url: str) -> list[str]:
    return [
        f"Ready. Dashboard: {base_url}/",
        f"       Admin:     {base_url}/admin/  (local only: admin / admin)",
        "       Worker and beat logs: var/log/ (warnings also here). Ctrl-C stops.",
    ]


def answers(url: str) -> bool:
    """Whether anything answers HTTP at `url` (an error status is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=2):  # our own http:// address
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def announce_when_ready(
    base_url: str, say: Callable[[str], None], *, timeout: float = READY_TIMEOUT_SECONDS
) -> bool:
    """Poll the site's /healthz until it answers, then `say` the ready lines; False if it
    never did within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(f"{base_url}/healthz"):
            for line in ready_lines(base_url):
                say(line)
            return True
        time.sleep(0.25)
    return False


def exit_status(returncode: int | None) -> int:
    """0 for a stop asked for with Ctrl-C or SIGTERM, else the first process's status."""
    if returncode is None or returncode in ASKED_TO_STOP:
        return 0
    return returncode


def run(procfile: Path, *, host: str, port: str) -> int:
    manager = Manager(Printer(sys.stdout))
    processes = parse_procfile(procfile.read_text(encoding="utf-8")).processes
    for process in expand_processes(processes, env=dict(os.environ, HOST=host, PORT=port)):
        manager.add_process(process.name, process.cmd, quiet=process.quiet, env=process.env)

    def say(line: str) -> None:
        # Through honcho's queue, so the lines do not interleave with a process's output.
        now = datetime.now(UTC).astimezone()  # local time, as honcho stamps its own lines
        message = Message("line", line + "\n", now, SYSTEM_PRINTER_NAME, None)
        manager.events.put(message)

    base_url = f"http://{host}:{port}"
    threading.Thread(target=announce_when_ready, args=(base_url, say), daemon=True).start()
    manager.loop()
    return exit_status(manager.returncode)


def main(argv: Sequence[str]) -> int:
    procfile = Path(argv[1] if len(argv) > 1 else "Procfile")
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
    return run(procfile, host=host, port=port)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
