"""Read a newsletter in a worker process that may die instead of the server.

Anyone may upload a newsletter to check it, and a parser library can be made to spend gigabytes or
minutes on a small file. ``lib.newsletters.reading`` refuses what it can foresee (pages, unpacked sizes,
characters, paragraphs, numbers); whatever it cannot, this module bounds from outside:

* the file is read by ``python -m lib.newsletters.worker``, a fresh interpreter started with
  ``subprocess`` (not a ``multiprocessing`` fork of the server, which would inherit its threads and
  memory; not ``preexec_fn``, which is unsafe in a threaded server). The worker sets its own
  address-space and CPU-time limits (``resource``) and lowers its priority (``nice``) before it
  reads a byte, so a file that would need more only ends the worker;
* the server waits for it at most ``worker_wall_s`` seconds, then kills it;
* at most ``PARSE_SLOTS`` reads run at a time in one server process; another reader is told the
  server is busy at once, never kept waiting (a page holds the slot over the read and the checks);
* the worker gets the file on its standard input, its name inside a JSON argument, and no
  environment but what Python needs (no secrets); it answers with JSON on its standard output,
  which, like its error output, goes to a temporary file of bounded size, never to the server's memory.

    python -m lib.newsletters.worker SETTINGS_JSON < FILE    (the protocol; people use ``read_guarded``)
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import typing
import warnings
from collections.abc import Iterator
from pathlib import Path

from lib.i18n.active import N_
from lib.newsletters.blocks import Block, Newsletter
from lib.newsletters.limits import (
    LIMITS,
    LimitRefusal,
    NewsletterBusy,
    NewsletterError,
    ReaderStopped,
    ReadingLimits,
    check_size,
)
from lib.newsletters.reading import read_newsletter
from lib.paths import REPOSITORY

# One read at a time per server process: the pod's 768 MiB hold the server (under 300 MB) and one worker
# (at most ``worker_memory_bytes``), not two.
PARSE_SLOTS = 1
_ROOT = REPOSITORY
_NICENESS = 10  # below the server's readers: a slow parse must not slow their pages
_OUTPUT_BYTES = 32 * 2**20  # what the worker may write (its answer is at most a newsletter's text, as JSON)
_KEPT_STDERR = 4096  # the end of the worker's error output, for the log
MAX_NAME_CHARS = 255  # a file name, as file systems allow
_MEMORY_ADVICE = N_(
    "%(file)s needs more memory to read than a newsletter does (something in it unpacks or splits into far more than "
    "the file's size): export it again from the document, or send the .txt"
)
log = logging.getLogger("iom.uploads")


class _Slots:
    """``PARSE_SLOTS`` slots, taken without waiting. A thread that holds one may take it again (a page holds the
    slot while it reads a newsletter and checks it, and the read inside asks for it too)."""

    def __init__(self, count: int) -> None:
        self._free = threading.BoundedSemaphore(count)
        self._held = threading.local()

    def acquire(self) -> bool:
        depth = getattr(self._held, "depth", 0)
        if depth == 0 and not self._free.acquire(blocking=False):
            return False
        self._held.depth = depth + 1
        return True

    def release(self) -> None:
        self._held.depth -= 1
        if self._held.depth == 0:
            self._free.release()


_SLOTS = _Slots(PARSE_SLOTS)


@contextlib.contextmanager
def parse_slot(name: str) -> Iterator[None]:
    """Hold a reading slot for the block (NewsletterBusy at once when none is free): wrap a read and what is worked
    out from it, so that one upload's matching does not run beside another's."""
    if not _SLOTS.acquire():
        raise NewsletterBusy(
            N_("%(file)s: the server is reading another newsletter right now; try again in a minute"), file=name
        )
    try:
        yield
    finally:
        _SLOTS.release()


def read_guarded(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> Newsletter:
    """``read_newsletter`` in a worker under ``limits``; NewsletterError (NewsletterBusy when no slot is free)."""
    if len(name) > MAX_NAME_CHARS:
        raise NewsletterError(
            N_("%(file)s…: the file name is longer than %(limit)s characters; rename it"),
            file=name[:60],
            limit=MAX_NAME_CHARS,
        )
    check_size(name, len(content))
    with parse_slot(name):
        return _run_worker(name, content, limits)


def _run_worker(name: str, content: bytes, limits: ReadingLimits) -> Newsletter:
    """The worker run on ``content``. Its output goes to temporary files, not pipes: a parser's warnings, however
    many, are never held in the server's memory (and the worker may write only ``_OUTPUT_BYTES``)."""
    # The name travels inside the JSON, escaped: no byte of it is an argument of its own.
    command = [sys.executable, "-m", "lib.newsletters.worker", json.dumps({"name": name, **dataclasses.asdict(limits)})]
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(_ROOT),
        "PYTHONIOENCODING": "utf-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    try:
        with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
            finished = subprocess.run(
                command,
                input=content,
                stdout=stdout,
                stderr=stderr,
                timeout=limits.worker_wall_s,
                cwd=_ROOT,
                env=environment,
                check=False,
            )
            return _outcome(name, finished.returncode, stdout, stderr, limits)
    except NewsletterError:
        raise  # the worker's answer, or what its end means (a ValueError too: not to be taken for the ones below)
    except subprocess.TimeoutExpired as error:  # run() has killed the worker and waited for it
        raise ReaderStopped(
            N_(
                "%(file)s took longer than %(seconds)s s to read, far longer than a newsletter takes: try again later; "
                "if it says so again, export it again from the document, or send the .txt"
            ),
            file=name,
            seconds=float(limits.worker_wall_s),
        ) from error
    except (OSError, ValueError) as error:  # no temporary file or process to be had (out of files, processes, memory)
        log.warning("newsletter worker not started for %r: %r", name, error)
        raise NewsletterBusy(
            N_("%(file)s: the server cannot start a reader right now; try again in a minute"), file=name
        ) from error


def _outcome(
    name: str, code: int, stdout: typing.BinaryIO, stderr: typing.BinaryIO, limits: ReadingLimits
) -> Newsletter:
    """The newsletter the worker read, or why not (its answer, or its end, logged with its error output's tail)."""
    answer = _read_back(stdout)
    if code != 0:
        stderr.seek(max(0, stderr.seek(0, os.SEEK_END) - _KEPT_STDERR))
        tail = stderr.read().decode("utf-8", "replace")
        log.warning("newsletter worker for %r ended with %s: %r", name, code, tail)
        return _death(name, code, tail, limits)
    return _answer(name, answer)


def _read_back(output: typing.BinaryIO) -> dict:
    """The worker's JSON answer, or {} where it wrote none (or too much to be one)."""
    size = output.seek(0, os.SEEK_END)
    if size > _OUTPUT_BYTES:
        return {}
    output.seek(0)
    try:
        answer = json.loads(output.read())
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _answer(name: str, answer: dict) -> Newsletter:
    """The worker's answer as a Newsletter, or the refusal it gave."""
    if "error" in answer:
        raise _said_again(answer)
    if "blocks" in answer:
        return Newsletter(
            name=name, blocks=tuple(Block(text=str(text), heading=bool(heading)) for text, heading in answer["blocks"])
        )
    raise NewsletterError(
        N_(
            "%(file)s could not be read (the reader gave no answer): export it again from the document, or send the "
            ".txt"
        ),
        file=name,
    )


def _said_again(answer: dict) -> NewsletterError:
    """The worker's refusal in the reader's language: the worker knows no language but English, so it answers with
    the refusal's English text and its values (``_refused``), and the refusal is made again here; as the worker
    wrote it where the answer holds no such message."""
    message, values = answer.get("message"), answer.get("values")
    if isinstance(message, str) and isinstance(values, dict):
        kept = {str(k): v for k, v in values.items() if isinstance(v, str | int | float) and not isinstance(v, bool)}
        try:
            return NewsletterError(message, **kept)
        except (KeyError, ValueError, TypeError):  # values that do not fill the message: not a refusal of ours
            pass
    return NewsletterError(str(answer["error"]))


def _death(name: str, code: int, stderr_tail: str, limits: ReadingLimits) -> Newsletter:
    """What a worker's end says to the reader: its CPU time, its output, its memory, or (killed) one of those."""
    if code == -signal.SIGXCPU:
        raise NewsletterError(
            N_(
                "%(file)s needs more than %(seconds)s s of processing to read, far more than a newsletter does: "
                "export it again from the document, or send the .txt"
            ),
            file=name,
            seconds=limits.worker_cpu_s,
        )
    if code == -signal.SIGXFSZ:
        raise NewsletterError(
            N_(
                "%(file)s made the reader write far more than a newsletter's text: export it again from the document, "
                "or send the .txt"
            ),
            file=name,
        )
    if code == -signal.SIGKILL:  # the CPU limit's hard stop, or the system's out-of-memory killer
        raise ReaderStopped(
            N_(
                "%(file)s was stopped: reading it needed more memory or time than the server had; try again later; if "
                "it says so again, export it again from the document, or send the .txt"
            ),
            file=name,
        )
    if "MemoryError" in stderr_tail:
        raise NewsletterError(_MEMORY_ADVICE, file=name)
    raise ReaderStopped(
        N_(
            "%(file)s could not be read (the reader stopped: it may be damaged, or need more memory than the server "
            "had): try again later; if it says so again, export it again from the document, or send the .txt"
        ),
        file=name,
    )


# ----- The worker's side


def _refused(error: NewsletterError) -> dict[str, object]:
    """The worker's answer for a refusal: its text (in English: the worker knows no other language), and the message
    and values the server says it again with, in the reader's language (``_said_again``)."""
    return {"error": str(error), "message": error.message, "values": error.values}


def _limit_self(limits: ReadingLimits) -> None:
    """Limits the worker sets on itself before reading: memory, CPU seconds, output, no core files, a lower
    priority; and no log or warning output (pdfminer warns once per bad operator: millions, from a small file)."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.worker_memory_bytes, limits.worker_memory_bytes))
    # The soft limit sends SIGXCPU (the worker ends); the hard one a second later is SIGKILL, should it be caught.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.worker_cpu_s, limits.worker_cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (_OUTPUT_BYTES, _OUTPUT_BYTES))  # its output files
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it: past the limit, end rather than cut the answer
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(_NICENESS)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


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
    settings = json.loads(argv[0])
    name = str(settings.pop("name"))
    limits = ReadingLimits(**settings)
    _limit_self(limits)
    content = sys.stdin.buffer.read()
    try:  # the .docx and .pdf parsers are imported in here (``reading._format_blocks``): under the limits too
        newsletter = read_newsletter(name, content, limits)
    except LimitRefusal as error:
        answer: dict[str, object] = _refused(error)
    except NewsletterError as error:
        # zlib reports a failed allocation as a data error, and pdfminer reads on past it: near the memory limit,
        # a "damaged" file is one that did not fit.
        answer = _refused(NewsletterError(_MEMORY_ADVICE, file=name) if _near_memory_limit(limits) else error)
    except MemoryError:
        answer = _refused(NewsletterError(_MEMORY_ADVICE, file=name))
    else:
        answer = {"blocks": [[block.text, block.heading] for block in newsletter.blocks]}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
