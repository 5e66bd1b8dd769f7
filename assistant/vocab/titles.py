"""The titles of the officers notices name ("Phó Chủ tịch", "Bí thư", "Chánh Văn phòng"), in
one place: data/officer_titles.tsv lists them in lower case; "phó" (deputy) may precede any.

Question analysis reads a question that asks who holds one as a person question; answer
composition looks for the person holding the title asked about."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.core.errors import ConfigError
from assistant.core.text import fold, normalize_unicode

DEFAULT_TITLES = Path(__file__).resolve().parent / "data" / "officer_titles.tsv"
DEPUTY = "phó"


@lru_cache(maxsize=4)
def officer_titles(path: Path = DEFAULT_TITLES) -> tuple[str, ...]:
    """The titles, lower case, in the table's order (the header line is skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read the title table {path}: {exc.strerror or exc}") from None
    titles = []
    for number, line in enumerate(normalize_unicode(text).splitlines()[1:], start=2):
        title = " ".join(line.split())
        if not title:
            continue
        if title != title.lower() or "\t" in line.strip():
            raise ConfigError(f"{path} line {number}: expected one title in lower case")
        titles.append(title)
    return tuple(titles)


def title_pattern() -> str:
    """Regex source (accented, match it case-insensitively) for a title with its optional
    "phó": "(?:phó\\s+)?(?:chủ tịch|bí thư|...)"."""
    titles = "|".join(re.escape(t).replace(r"\ ", " ") for t in officer_titles())
    return rf"(?:{DEPUTY}\s+)?(?:{titles})"


def folded_title_heads() -> tuple[str, ...]:
    """The accent-folded titles and their deputies ("chu tich", "pho chu tich", ...): what an
    alternative starts with when it names a title."""
    titles = [fold(t) for t in officer_titles()]
    return (*titles, *(f"{fold(DEPUTY)} {t}" for t in titles))
