"""Serbian Latin to Cyrillic, by the standard one-to-one transliteration (Vukovica/Gajica).

The two scripts map letter for letter, with three digraphs (lj → љ, nj → њ, dž → џ). What is not Serbian
text stays as written: placeholders (``%(count)s``, ``{name}``), acronyms and codes (CSP, SEDMIN, KV01,
HXL), URLs and file names, Markdown code spans and link targets, Streamlit's ``:material/...:`` icons, and
foreign words (those with q, w, x or y) and Albanian names (ë, ç: "Pejë/Peć" → "Pejë/Пећ").
"""

from __future__ import annotations

import re

_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
_LETTERS = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzž",
        "абцчћдђефгхијклмнопрсштувзж",
        strict=True,
    )
)
_LETTERS.update({latin.upper(): cyrillic.upper() for latin, cyrillic in list(_LETTERS.items())})
# Words where the two letters belong to two morphemes and so are not a digraph (nad+živjeti, in+jekcija).
_SPLIT_DIGRAPHS = re.compile(r"(?i)(?<![a-zčćđšž])(nad|pod|od)(ž)|(in|kon)(j)(?=ek|unk)")
# Kept as written: placeholders, Markdown code, links, icons, URLs, paths, acronyms and codes, foreign words.
# Proper names of products and publications, written in Latin in a Serbian Cyrillic text.
NAMES = (
    "IOM Kosovo News",
    "Natural Earth",
    "GeoNames",
    "Frictionless",
    "Data Package",
    "datapackage",
    "Poedit",
    "Streamlit",
    "Vega-Lite",
    "deck.gl",
    "Typst",
    "Chromium",
    "OpenStreetMap",
)
KEEP = re.compile(
    "|".join(re.escape(name) for name in NAMES)
    + r"|%\([a-z_]+\)[sdif]|%%|\{[^{}]*\}|`[^`]*`|\]\([^)]*\)|:material/[a-z_]+:|https?://\S+|www\.\S+"
    r"|[\w./-]*\.(?:csv|json|py|pdf|txt|docx?|toml|po|md|png)\b|\b[a-z_]+/(?=%\()|\b[\w-]+(?:/[\w-]+){2,}|(?<!\S)--?[a-z][a-z-]*|\?[a-z_]+=\S*"
    r"|\b(?=\w*[A-Z]\w*[A-Z0-9])[A-Z0-9]\w*\b|\b\w*[qwxyQWXYëËçÇ]\w*\b|\b[A-Z]\b(?!\s+[a-zčćđšž])"
)


def _word(text: str) -> str:
    text = _SPLIT_DIGRAPHS.sub(lambda m: "\x00".join(g for g in m.groups() if g), text)
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        if text[i] != "\x00":
            out.append(_LETTERS.get(text[i], text[i]))
        i += 1
    return "".join(out)


# Serbian's own abbreviations, written in capitals but Serbian words: transliterated like the rest.
SERBIAN_ABBREVIATIONS = frozenset({"NVO", "BJR", "SRJ", "EU", "UN", "OEBS", "MUP", "BiH"})


def to_cyrillic(text: str) -> str:
    """``text`` (Serbian in Latin script) in Cyrillic, what must stay as written left as it is."""
    out: list[str] = []
    last = 0
    for keep in KEEP.finditer(text):
        out.append(_word(text[last : keep.start()]))
        out.append(_word(keep.group()) if keep.group() in SERBIAN_ABBREVIATIONS else keep.group())
        last = keep.end()
    out.append(_word(text[last:]))
    return "".join(out)
