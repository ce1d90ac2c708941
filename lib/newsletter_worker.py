"""Read a newsletter in a worker process that may die instead of the server.

Anyone may upload a newsletter to check it, and a parser library can be made to spend gigabytes or
minutes on a small file. ``lib.newsletter`` refuses what it can foresee (pages, unpacked sizes,
characters, paragraphs, numbers); whatever it cannot, this module bounds from outside:

* the file is read by ``python -m lib.newsletter_worker``, a fresh interpreter started with
  ``subprocess`` (not a ``multiprocessing`` fork of the server, which would inherit its threads and
  memory; not ``preexec_fn``, which is unsafe in a threaded server). The worker sets its own
  address-space and CPU-time limits (``resource``) and lowers its priority (``nice``) before it
  reads a byte, so a file that would need more only ends the worker;
* the server waits for it at most ``worker_wall_s`` seconds, then kills it;
* at most ``PARSE_SLOTS`` reads run at a time in one server process; another reader is told the
  server is busy at once, never kept waiting;
* the worker gets the file on its standard input and no environment but what Python needs (no secrets),
  and answers with JSON on its standard output.

    python -m lib.newsletter_worker LIMITS_JSON < FILE    (the protocol; people use ``read_guarded``)
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from lib.newsletter import LIMITS, Block, Newsletter, NewsletterBusy, NewsletterError, ReadingLimits, check_size

# One read at a time per server process: the pod's 768 MiB hold the server (under 300 MB) and one worker
# (at most ``worker_memory_bytes``), not two.
PARSE_SLOTS = 1
_SLOTS = threading.BoundedSemaphore(PARSE_SLOTS)
_ROOT = Path(__file__).resolve().parent.parent
_NICENESS = 10  # below the server's readers: a slow parse must not slow their pages
_MEMORY_ADVICE = ("needs more memory to read than a newsletter does (a page or picture that unpacks to far more than "
                  "the file's size): export it again from the document, or send the .txt")


def read_guarded(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> Newsletter:
    """``read_newsletter`` in a worker under ``limits``; NewsletterError (NewsletterBusy when no slot is free)."""
    check_size(name, len(content))
    if not _SLOTS.acquire(blocking=False):
        raise NewsletterBusy(f"{name}: the server is reading another newsletter right now; try again in a minute")
    try:
        return _run_worker(name, content, limits)
    finally:
        _SLOTS.release()


def _run_worker(name: str, content: bytes, limits: ReadingLimits) -> Newsletter:
    command = [sys.executable, "-m", "lib.newsletter_worker", json.dumps(dataclasses.asdict(limits)), name]
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(_ROOT), "PYTHONIOENCODING": "utf-8",
                   "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        finished = subprocess.run(command, input=content, capture_output=True, timeout=limits.worker_wall_s,
                                  cwd=_ROOT, env=environment, check=False)
    except subprocess.TimeoutExpired as error:  # run() has killed the worker and waited for it
        raise NewsletterError(f"{name} took longer than {limits.worker_wall_s:g} s to read, far longer than a "
                              "newsletter takes: export it again from the document, or send the .txt") from error
    except OSError as error:  # no process could be started (out of processes or memory): the server is fine
        raise NewsletterBusy(f"{name}: the server cannot start a reader right now ({error.strerror}); "
                             "try again in a minute") from error
    return _answer(name, finished, limits)


def _answer(name: str, finished: subprocess.CompletedProcess, limits: ReadingLimits) -> Newsletter:
    """The worker's JSON answer as a Newsletter, or the refusal it gave, or what its death means."""
    if finished.returncode == 0:
        try:
            answer = json.loads(finished.stdout)
        except ValueError:
            answer = {}
        if "error" in answer:
            raise NewsletterError(str(answer["error"]))
        if "blocks" in answer:
            return Newsletter(name=name, blocks=tuple(Block(text=str(text), heading=bool(heading))
                                                      for text, heading in answer["blocks"]))
    if finished.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise NewsletterError(f"{name} needs more than {limits.worker_cpu_s} s of processing to read, far more than "
                              "a newsletter does: export it again from the document, or send the .txt")
    raise NewsletterError(f"{name} {_MEMORY_ADVICE}" if b"MemoryError" in finished.stderr[-4096:] else
                          f"{name} could not be read (the reader stopped: it may be damaged, or need more memory "
                          "than a newsletter does): export it again from the document, or send the .txt")


# ----- The worker's side

def _limit_self(limits: ReadingLimits) -> None:
    """Limits the worker sets on itself before reading: memory, CPU seconds, no core files, a lower priority."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limits.worker_memory_bytes, limits.worker_memory_bytes))
    # The soft limit sends SIGXCPU (the worker ends); the hard one a second later is SIGKILL, should it be caught.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.worker_cpu_s, limits.worker_cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(_NICENESS)


def _near_memory_limit(limits: ReadingLimits) -> bool:
    """Whether this worker's peak resident memory came within reach of its address-space limit (over 60% of it:
    reading a newsletter, even a damaged one, takes a fraction of that). Read from /proc: getrusage's peak is
    carried over from the process that started the worker."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return False
    peak = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), "0")
    return int(peak) * 1024 > 0.6 * limits.worker_memory_bytes


def main(argv: list[str]) -> int:
    """Read the newsletter on standard input; print {"blocks": [[text, heading], ...]} or {"error": message}."""
    limits = ReadingLimits(**json.loads(argv[0]))
    name = argv[1]
    _limit_self(limits)
    content = sys.stdin.buffer.read()
    from lib.newsletter import read_newsletter  # the parsers are imported under the limits too

    try:
        newsletter = read_newsletter(name, content, limits)
    except NewsletterError as error:
        # zlib reports a failed allocation as a data error, and pdfminer reads on past it: near the memory limit,
        # a "damaged" file is one that did not fit.
        answer: dict[str, object] = {"error": f"{name} {_MEMORY_ADVICE}" if _near_memory_limit(limits) else str(error)}
    except MemoryError:
        answer = {"error": f"{name} {_MEMORY_ADVICE}"}
    else:
        answer = {"blocks": [[block.text, block.heading] for block in newsletter.blocks]}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
