"""User-supplied text on Streamlit widgets that render Markdown, and widget labels that must
stay unique.

st.error/st.info/st.toast/st.progress texts and st.table cells are Markdown: a file name like
`**x** ![i](http://host/p.png)` would render bold and make every viewer's browser fetch the
image. `plain()` backslash-escapes every character Markdown (and Streamlit's `:red[...]`,
`:material/icon:` and `$math$` directives) gives a meaning, so the text shows as typed.

A selectbox sends back its *label*, not its option: Streamlit maps the label to the first option
that formats to it. Two documents with the same number, date and issuer would then both select
(and delete) the first. `distinct_labels()` makes every label unique.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.core.records import DocumentRecord

# CommonMark lets any ASCII punctuation be backslash-escaped (shown without the backslash).
# Escaped everywhere: the characters that open emphasis, code, links, images, HTML, entities,
# tables, strikethrough and math. A colon before a letter or "/" starts Streamlit's `:red[...]`,
# `:material/x:` and emoji shortcodes, and the "http:" of an autolink. At the start of the text
# only: heading, list and quote markers. Other punctuation (". ' - :") is left alone so messages
# read as typed in the source too.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~$&])|:(?=[A-Za-z_/])")
_BLOCK_START = re.compile(r"^(\s*)(#|[-+=]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")


def plain(text: object) -> str:
    """`text` as literal Markdown: special characters escaped, line breaks as spaces."""
    flat = _LINE_BREAKS.sub(" ", str(text))
    escaped = _INLINE_SPECIAL.sub(lambda m: "\\" + (m.group(1) or ":"), flat)
    # "1. x" is a list item: escape the dot after the number, not the number.
    return _BLOCK_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        escaped,
    )


def one_line(text: object) -> str:
    """A name for a plain-text place (a selectbox option, a code block line): no line breaks."""
    return _LINE_BREAKS.sub(" ", str(text))


def distinct_labels(
    docs: Iterable[DocumentRecord], label: Callable[[DocumentRecord], str]
) -> dict[str, str]:
    """doc_id -> a label no other document shares: the file name is added to labels that
    collide, and the doc_id when even that is not enough."""
    docs = list(docs)
    labels = {d.doc_id: one_line(label(d)) for d in docs}
    counts = Counter(labels.values())
    for d in docs:
        if counts[labels[d.doc_id]] > 1:
            name = one_line(Path(d.source).name)
            labels[d.doc_id] = f"{labels[d.doc_id]} ({name})"
    counts = Counter(labels.values())
    for d in docs:
        if counts[labels[d.doc_id]] > 1:
            labels[d.doc_id] = f"{labels[d.doc_id]} [{d.doc_id}]"
    return labels
