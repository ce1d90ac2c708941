"""What a newsletter may hold, and the refusals when it holds more or cannot be read.

``ReadingLimits`` bounds every reader (pages, unpacked sizes, characters, paragraphs, numbers); each limit is
checked while the file is read, before the memory or time it would cost is spent. Every refusal is a
``NewsletterError`` whose message names the file, in the reader's language: the English text (marked with ``N_``)
and its values are kept with it, so that a refusal made where the reader's language is not known (the worker) is
made again where it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.dataset.csvtext import MEGABYTE
from lib.i18n.active import N_, _, using
from lib.i18n.languages import DEFAULT
from lib.newsletters.wording import written

MAX_NEWSLETTER_BYTES = 20 * MEGABYTE  # a newsletter PDF with photos runs to 10-20 MB
FORMATS = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class ReadingLimits:
    """How much of each thing a newsletter may hold. Each is checked while the file is read, before the memory
    or time it would cost is spent, and refused with a message naming the file and the limit.

    The November 2004 edition, for scale: 8 pages, 62,490 characters, about 300 paragraphs, 226 numbers, at most
    a dozen in one sentence. The worker's own limits (memory, CPU, wall clock) guard whatever these do not foresee:
    see ``lib.newsletters.worker``.
    """

    pages: int = 60
    page_content_bytes: int = 8 * MEGABYTE  # one PDF page's drawing instructions, unpacked (a text page: 10-200 KB)
    content_bytes: int = 64 * MEGABYTE  # every page's together
    docx_xml_bytes: int = 32 * MEGABYTE  # a .docx's XML unpacked (its text and layout; pictures are not counted)
    docx_other_bytes: int = 64 * MEGABYTE  # the rest of a .docx unpacked: pictures, fonts, embedded files
    docx_paragraph_elements: int = 20_000  # paragraphs in the Word file, empty ones included
    characters: int = 1_000_000
    paragraphs: int = 5_000  # paragraphs, headings and captions with text
    numbers: int = 2_000
    numbers_per_sentence: int = 100
    # The worker (``lib.newsletters.worker``): its address space, CPU seconds and wall-clock seconds.
    worker_memory_bytes: int = 400 * 2**20  # the pod has 768 MiB for the server (under 300 MB) and one worker
    worker_cpu_s: int = 12
    worker_wall_s: float = 15.0  # a 60-page two-column PDF reads in about 8 s on the CI machine


LIMITS = ReadingLimits()


class NewsletterError(ValueError):
    """A file that cannot be read as a newsletter; str() is a clear message that names the file, in the reader's
    language.

    ``message`` is the English text, its ``%(name)s`` placeholders filled from ``values`` (texts, and numbers written
    as the reader's language writes them: ``lib.newsletters.wording``); both are kept (``message``, ``values``), so
    that the same refusal can be said again in another language, and ``english`` is what a log keeps.
    """

    def __init__(self, message: str, /, **values: str | int | float) -> None:
        self.message, self.values = message, values
        super().__init__(_(message, **written(values)) if values else _(message))

    @property
    def english(self) -> str:
        """The refusal in English, whatever the reader's language (for a log)."""
        with using(DEFAULT):
            return _(self.message, **written(self.values)) if self.values else self.message


class NewsletterBusy(NewsletterError):
    """Every slot for reading a newsletter is taken: try again shortly (nothing is wrong with the file)."""


class ReaderStopped(NewsletterError):
    """The worker was stopped from outside its own checks (the wall clock, a kill, a crash): on a busy server a
    real newsletter may meet this, so it may be tried again (unlike a refusal for what the file holds)."""


class LimitRefusal(NewsletterError):
    """The file holds more of something than a newsletter does (``ReadingLimits``): refused before it is spent."""


def out_of_memory(error: BaseException) -> bool:
    """Whether a library's error was caused by running out of memory (pdfplumber wraps it, a ``with`` block's exit
    may raise another on top): then it is the worker's memory limit speaking, not a damaged file."""
    seen: list[BaseException] = []
    stack: list[object] = [error]
    while stack and len(seen) < 50:
        current = stack.pop()
        if isinstance(current, MemoryError):
            return True
        if isinstance(current, BaseException) and not any(current is other for other in seen):
            seen.append(current)
            stack += [current.__cause__, current.__context__, *current.args[:1]]
    return False


def check_size(name: str, size: int) -> None:
    """A file over ``MAX_NEWSLETTER_BYTES`` is refused by its size alone, before it is read or sent anywhere."""
    limit = MAX_NEWSLETTER_BYTES  # read at call time, so a test can lower it
    if size > limit:
        raise LimitRefusal(
            N_(
                "%(file)s is too large (%(size)s MB); a newsletter may be at most %(limit)s MB: save it with smaller "
                "pictures, or send the .txt"
            ),
            file=name,
            size=megabytes(size),
            limit=megabytes(limit),
        )


def too_many_characters(name: str, limits: ReadingLimits, count: int | None = None) -> LimitRefusal:
    """'x.txt has 1,000,001 characters; a newsletter has at most 1,000,000: is it the right file?'; 'more than
    1,000,000' where the reader stopped counting at the limit (``count`` None)."""
    if count is None:
        return LimitRefusal(
            N_(
                "%(file)s has more than %(limit)s characters; a newsletter has at most %(limit)s: is it the right file?"
            ),
            file=name,
            limit=limits.characters,
        )
    return LimitRefusal(
        N_("%(file)s has %(count)s characters; a newsletter has at most %(limit)s: is it the right file?"),
        file=name,
        count=count,
        limit=limits.characters,
    )


def megabytes(size: int) -> float:
    """20.0, 25.3, 0.0977: a size in MB, one decimal, three digits under 1 MB; a message writes it '20', '25.3',
    '0.0977' (``lib.newsletters.wording``: '25,3' in Albanian)."""
    return float(f"{size / MEGABYTE:.3g}" if size < MEGABYTE else f"{size / MEGABYTE:.1f}")
