"""A generated corpus of hostile files beside good ones, for the fault suite.

`build(folder)` writes every file and returns what a correct ingest must do with each: the good
files' names, and for each hostile file a regular expression its one-line failure reason must
match. Used by tests/test_faults.py (in CI) and benchmarks/faults.py (the full run).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "notices"
SEED = SEEDS / "lam-dong-2024-03-25-thong-bao-ket-luan.txt"


@dataclass
class HostileCorpus:
    folder: Path
    good: list[str] = field(default_factory=list)  # file names that must be ingested
    bad: dict[str, str] = field(default_factory=dict)  # file name -> reason pattern


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_bomb(path: Path, expanded: int, filler: bytes | None = None) -> None:
    """A .docx whose document part inflates to `expanded` bytes of one repeated paragraph (or
    of `filler`: one repeated byte compresses ~1000 to 1)."""
    base = zipfile.ZipFile(io.BytesIO(_docx_bytes(["x"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in base.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, base.read(item))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            block = (filler or b"<w:p><w:r><w:t>x</w:t></w:r></w:p>") * 30_000
            written = 0
            while written < expanded:
                part.write(block)
                written += len(block)


def _glyph_garbage_pdf(path: Path, seed: int = 7) -> None:
    """A PDF whose text layer is a consistent letter-for-glyph substitution of a real notice, as
    a font without a Unicode map produces: it looks like text to a parser, reads as noise."""
    import pymupdf

    rng = random.Random(seed)
    text = SEED.read_text(encoding="utf-8")[:3000]
    letters = sorted({ch for ch in text if ch.isalpha()})
    # Characters the PDF's base font can draw (WinAnsi), so extraction returns them as they are.
    pool = [chr(c) for c in range(0x21, 0x7F)] + [chr(c) for c in range(0xA1, 0x100)]
    mapping = {ch: rng.choice(pool) for ch in letters}
    garbage = "".join(mapping.get(ch, ch) for ch in text)
    doc = pymupdf.open()
    for start in range(0, len(garbage), 1500):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(40, 40, 560, 800), garbage[start : start + 1500])
    doc.save(path)


def _pdf(path: Path, text: str, **save) -> None:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_textbox(pymupdf.Rect(40, 40, 560, 800), text)
    doc.save(path, **save)


def build(folder: Path) -> HostileCorpus:
    folder.mkdir(parents=True, exist_ok=True)
    corpus = HostileCorpus(folder)
    seed_text = SEED.read_text(encoding="utf-8")

    # --- good files: the seeds, and good text under names that attack reports and the page
    for source in sorted(SEEDS.iterdir()):
        shutil.copy(source, folder / source.name)
        corpus.good.append(source.name)
    odd_names = {
        "**đậm** ![i](x.png) [l](y.html) :red[đỏ].txt": "markdown name",
        "dòng\nmới.txt": "newline in the name",
        "Đ" + ("thong-bao-" * 23)[:224] + ".txt": "229-character name (230 bytes)",
    }
    for i, name in enumerate(odd_names):
        (folder / name).write_text(seed_text + f"\n\nBản sao {i} để kiểm thử.\n", "utf-8")
        corpus.good.append(name)
    # Many small paragraphs: bounded work, ingested.
    (folder / "nhieu-doan.docx").write_bytes(
        _docx_bytes([f"Đoạn {i}: kiểm tra phòng, chống hạn hán." for i in range(1000)])
    )
    corpus.good.append("nhieu-doan.docx")

    # --- hostile files (name -> reason pattern)
    _zip_bomb(folder / "zip-bomb.docx", 100_000_000)
    corpus.bad["zip-bomb.docx"] = r"expand to [\d,]+ MB.*zip bomb"
    _zip_bomb(folder / "zip-bomb-ratio.docx", 40_000_000, filler=b" ")
    corpus.bad["zip-bomb-ratio.docx"] = r"compressed [\d,]+ to 1.*zip bomb"
    os.symlink("/dev/zero", folder / "dev-zero.txt")
    corpus.bad["dev-zero.txt"] = r"character device"
    os.mkfifo(folder / "fifo.txt")
    corpus.bad["fifo.txt"] = r"named pipe"
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    corpus.bad["loop-a.txt"] = corpus.bad["loop-b.txt"] = r"symbolic link loop"
    os.symlink(folder / "gone.txt", folder / "dangling.md")
    corpus.bad["dangling.md"] = r"symbolic link to a missing file"
    depth = 200_000
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + seed_text[:500] + "</div>" * depth + "</body></html>",
        "utf-8",
    )
    corpus.bad["deep.html"] = r"nested [\d,]+ elements deep"
    _glyph_garbage_pdf(folder / "glyph-garbage.pdf")
    corpus.bad["glyph-garbage.pdf"] = r"text layer is unreadable.*needs OCR"
    (folder / "empty.txt").write_bytes(b"")
    corpus.bad["empty.txt"] = r"empty"
    (folder / "binary.txt").write_bytes(random.Random(1).randbytes(20_000))
    corpus.bad["binary.txt"] = r"does not look like text|cannot decode"
    (folder / "not-a.pdf").write_bytes(b"\x00junk, not a pdf" * 50)
    corpus.bad["not-a.pdf"] = r"not a readable PDF"
    _pdf(folder / "whole.pdf", seed_text[:1500])
    data = (folder / "whole.pdf").read_bytes()
    (folder / "whole.pdf").unlink()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    corpus.bad["truncated.pdf"] = r"not a readable PDF"
    import pymupdf

    _pdf(
        folder / "locked.pdf",
        seed_text[:1500],
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="u",
        owner_pw="o",
    )
    corpus.bad["locked.pdf"] = r"password-protected"
    (folder / "old-word.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    corpus.bad["old-word.docx"] = r"old \.doc"
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(25_000_000)  # sparse: over the 20 MB limit, costs no disk
    corpus.bad["huge.txt"] = r"over the 20 MB limit"
    return corpus
