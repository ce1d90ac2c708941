"""Text from data, files or URLs, made safe to place inside Streamlit's Markdown.

Streamlit renders Markdown in ``st.markdown``, captions, alerts, headers, expander and page-link
labels: GitHub-flavoured Markdown (links, images, headings, lists, tables), KaTeX between ``$``,
``:color[...]`` and ``:material/...:`` shortcodes, bare URLs as links, and typographic
replacements (``--`` becomes a dash, ``->`` an arrow). A source quote must read exactly as the
newsletter prints it, and a file name or a link's parameter must never become markup. Where data
stands alone, the pages show it with ``st.text`` (no parsing at all); where it sits inside our own
Markdown, it goes through :func:`md_text` first.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation: the character is then shown as itself.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Replaced after parsing, so escapes do not stop them: Streamlit's typography (-- <- -> <-> >= <= ~=)
# and GitHub's bare-URL links. A word joiner (U+2060, invisible, no line break) keeps the
# characters apart so each is shown as written.
_JOINER = "\u2060"
_AFTER_PARSING = re.compile(
    r"(?<=-)(?=-)|(?<=<)(?=-)|(?<=-)(?=>)|(?<=[<>~])(?==)|(?<=:)(?=//)|(?<=www)(?=\.)"
    r"|(?<=:)(?=streamlit:)",
    re.IGNORECASE,
)  # ...and the :streamlit: logo shortcode


def md_text(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it character for character."""
    plain = str(text).replace("\r\n", "\n").replace("\r", "\n")
    # Line breaks would start lists, headings or quotes: a data value is one paragraph.
    plain = " ".join(plain.split("\n"))
    return _PUNCTUATION.sub(r"\\\1", _AFTER_PARSING.sub(_JOINER, plain))
