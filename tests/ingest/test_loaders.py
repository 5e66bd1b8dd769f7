import codecs
import collections
import unicodedata
from pathlib import Path

import docx
import pymupdf
import pytest

from assistant.core.errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedPdf,
    FileTooLarge,
    FileVanished,
    IngestError,
    ScannedPdf,
    UndecodableText,
    Unreadable,
    UnsupportedFormat,
)
from ingest import loaders
from ingest.legacy_fonts import unicode_to_tcvn3, unicode_to_vni
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedText, decode_bytes, load_text
from tests.helpers import skip_unless_ci

MAX = 10 * 1024 * 1024

# From data/notices/lam-dong-2024-03-25-thong-bao-ket-luan.txt, one paragraph per line.
SEED = (
    "KẾT LUẬN CỦA ĐỒNG CHÍ QUYỀN BÍ THƯ TỈNH ỦY\n"
    "Ban cán sự đảng UBND tỉnh, các đồng chí thành viên Ủy ban nhân dân tỉnh, thủ trưởng "
    "các sở, ban, ngành tỉnh cần nhận thức đầy đủ.\n"
    "- Chỉ đạo các sở, ngành, địa phương tập trung các giải pháp cấp bách phòng, chống hạn hán, "
    "cháy rừng; thành lập ngay tổ công tác đi kiểm tra các địa bàn để có biện pháp ứng phó "
    "kịp thời."
)
# ABC (TCVN3) could not write a capital toned letter in running text: typists wrote "Uỷ ban",
# which normalize_unicode turns into today's "Ủy ban".
SEED_TCVN3_ERA = SEED.replace("Ủy ban", "Uỷ ban")
TONES = "\u0300\u0301\u0303\u0309\u0323"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: a precomposed base letter (â, ơ, đ...)
    followed by a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def make_pdf(path: Path, pages: list[str]) -> Path:
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        # insert_htmlbox falls back to MuPDF's built-in Noto fonts, which cover Vietnamese.
        page.insert_htmlbox(pymupdf.Rect(50, 50, 550, 800), f"<p>{text}</p>")
    doc.subset_fonts()
    doc.save(path, garbage=3, deflate=True)
    return path


def words(text: str) -> str:
    return " ".join(text.split())


# --- plain text and encodings ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_utf8_text_loads_verbatim(tmp_path, suffix):
    loaded = load_text(write(tmp_path / f"notice{suffix}", SEED), MAX)
    assert loaded == LoadedText(text=SEED, format=suffix[1:], encoding="utf-8", ocr=False)


def test_text_is_nfc_with_one_tone_style(tmp_path):
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy chỉ đạo hoà giải")
    loaded = load_text(write(tmp_path / "n.txt", nfd), MAX)
    assert loaded.text == "Tỉnh ủy chỉ đạo hòa giải"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + SEED.encode("utf-8"), "utf-8-sig"),
        (SEED.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SEED.encode("utf-16-be"), "utf-16"),
        (SEED.encode("utf-16-le"), "utf-16-le"),
        (SEED.encode("utf-16-be"), "utf-16-be"),
        (encode_cp1258(SEED), "cp1258"),
        (unicode_to_vni(SEED).encode("cp1252"), "vni"),
    ],
)
def test_encodings_are_detected(tmp_path, data, encoding):
    loaded = load_text(write(tmp_path / "n.txt", data), MAX)
    assert (loaded.text, loaded.encoding) == (SEED, encoding)


def test_tcvn3_file_becomes_unicode(tmp_path):
    data = unicode_to_tcvn3(SEED_TCVN3_ERA).encode("cp1252")
    assert b"T\xd8NH" in data  # "TỈNH" in a .VnTimeH heading: the lowercase code for "ỉ"
    loaded = load_text(write(tmp_path / "n.txt", data), MAX)
    assert (loaded.text, loaded.encoding) == (SEED, "tcvn3")
    assert "Ủy ban nhân dân tỉnh" in loaded.text and "phòng, chống hạn hán" in loaded.text


def test_legacy_mojibake_saved_as_utf8_is_repaired(tmp_path):
    # A TCVN3 file once opened as cp1252 and re-saved as UTF-8: "Tæng kÕt" in valid UTF-8.
    mojibake = unicode_to_tcvn3(SEED_TCVN3_ERA)
    loaded = load_text(write(tmp_path / "n.txt", mojibake), MAX)
    assert (loaded.text, loaded.encoding) == (SEED, "utf-8+tcvn3")


def test_western_8bit_text_falls_back_to_cp1252():
    assert decode_bytes("Grüße aus Köln, café crème".encode("cp1252")) == (
        "Grüße aus Köln, café crème",
        "cp1252",
    )


def test_utf8_with_one_stray_byte_stays_utf8():
    text, encoding = decode_bytes(SEED.encode("utf-8") + b" \x93")
    assert encoding == "utf-8" and text.startswith(SEED)


def test_stray_nul_bytes_are_dropped():
    assert decode_bytes("Ủy ban\x00 nhân dân".encode()) == ("Ủy ban nhân dân", "utf-8")


def test_binary_junk_named_txt_is_undecodable(tmp_path):
    junk = bytes(range(256)) * 40
    with pytest.raises(UndecodableText, match="UTF-8"):
        load_text(write(tmp_path / "n.txt", junk), MAX)


def test_invalid_utf16_after_bom_is_undecodable():
    with pytest.raises(UndecodableText, match="utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + "Tỉnh".encode("utf-16-le") + b"\x00\xd8")


# --- file-level failures ---------------------------------------------------------------------


@pytest.mark.parametrize(("content", "detail"), [(b"", "is empty"), (b" \n\t\r\n  ", "whitespace")])
def test_empty_files(tmp_path, content, detail):
    with pytest.raises(EmptyDocument, match=detail):
        load_text(write(tmp_path / "n.txt", content), MAX)


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(3_000_000)  # sparse: costs no disk
    opened = []
    monkeypatch.setattr(loaders.os, "open", lambda *args, **kwargs: opened.append(args))
    with pytest.raises(FileTooLarge, match=r"file is 3\.0 MB, over the 2 MB limit"):
        load_text(path, 2_000_000)
    assert opened == []


def test_missing_file_has_vanished(tmp_path):
    with pytest.raises(FileVanished):
        load_text(tmp_path / "gone.txt", MAX)


def test_file_deleted_between_stat_and_read(tmp_path, monkeypatch):
    path = write(tmp_path / "n.txt", SEED)

    def vanish(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(loaders.os, "open", vanish)
    with pytest.raises(FileVanished):
        load_text(path, MAX)


def test_directory_is_unreadable(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(Unreadable, match="folder"):
        load_text(tmp_path / "folder.txt", MAX)


def test_permission_denied_is_unreadable(tmp_path, monkeypatch):
    # Tests may run as root, where chmod 000 does not deny reading: simulate the OS refusal.
    path = write(tmp_path / "n.txt", SEED)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loaders.os, "open", deny)
    with pytest.raises(Unreadable, match="permission denied"):
        load_text(path, MAX)


@pytest.mark.parametrize("name", ["notice.doc", "notice", "scan.jpg"])
def test_unsupported_formats(tmp_path, name):
    with pytest.raises(UnsupportedFormat):
        load_text(write(tmp_path / name, SEED), MAX)


def test_suffix_is_case_insensitive(tmp_path):
    assert load_text(write(tmp_path / "NOTICE.TXT", SEED), MAX).format == "txt"
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_text_layer_page_by_page(tmp_path):
    lines = SEED.split("\n")
    loaded = load_text(make_pdf(tmp_path / "n.pdf", lines), MAX)
    assert (loaded.format, loaded.encoding, loaded.ocr) == ("pdf", "unicode", False)
    pages = loaded.text.split("\n\n")
    assert [words(page) for page in pages] == lines


def test_encrypted_pdf(tmp_path):
    doc = pymupdf.open(make_pdf(tmp_path / "plain.pdf", [SEED]))
    doc.save(
        tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y"
    )
    with pytest.raises(EncryptedPdf, match="password"):
        load_text(tmp_path / "locked.pdf", MAX)


def test_truncated_pdf_is_corrupt(tmp_path):
    data = make_pdf(tmp_path / "full.pdf", SEED.split("\n")).read_bytes()
    with pytest.raises(CorruptFile, match="truncated"):
        load_text(write(tmp_path / "half.pdf", data[: len(data) // 2]), MAX)


def test_junk_renamed_pdf_is_corrupt(tmp_path):
    with pytest.raises(CorruptFile, match="PDF"):
        load_text(write(tmp_path / "junk.pdf", b"PK\x03\x04 not a pdf at all " * 50), MAX)


def test_image_only_pdf_without_text_is_scanned_or_ocr_finds_nothing(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(100, 100, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    doc.save(tmp_path / "scan.pdf")
    with pytest.raises(ScannedPdf, match="no text layer"):
        load_text(tmp_path / "scan.pdf", MAX)


def _image_only_pdf(path: Path) -> Path:
    source = pymupdf.open()
    page = source.new_page(width=600, height=200)
    page.insert_htmlbox(
        pymupdf.Rect(30, 30, 570, 170),
        '<p style="font-size:20px">Ủy ban nhân dân tỉnh chỉ đạo phòng, chống hạn hán</p>',
    )
    image = page.get_pixmap(dpi=200)
    scan = pymupdf.open()
    scan.new_page(width=600, height=200).insert_image(pymupdf.Rect(0, 0, 600, 200), pixmap=image)
    scan.save(path)
    assert scan[0].get_text().strip() == ""  # really image-only
    return path


def test_scanned_pdf_without_ocr_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(loaders, "_ocr_available", lambda: False)
    with pytest.raises(ScannedPdf, match="OCR is not available.*tesseract-ocr-vie"):
        load_text(_image_only_pdf(tmp_path / "scan.pdf"), MAX)


def test_scanned_pdf_is_read_by_ocr(tmp_path):
    if not loaders._ocr_available():
        skip_unless_ci("tesseract with Vietnamese data is not installed (tesseract-ocr-vie)")
    loaded = load_text(_image_only_pdf(tmp_path / "scan.pdf"), MAX)
    assert (loaded.ocr, loaded.encoding) == (True, "ocr")
    assert "Ủy ban nhân dân tỉnh" in loaded.text
    assert "chống hạn" in loaded.text


# --- Word ------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO KẾT LUẬN")
    document.add_paragraph("")  # empty paragraphs are skipped
    document.add_paragraph("Giao nhiệm vụ như sau:")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("STT", "Nội dung", "Cơ quan chủ trì"),
            ("1", "Phòng, chống hạn hán", "Sở Nông nghiệp"),
            ("2", "Bố trí kinh phí", "Sở Tài chính"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    merged = table.add_row()
    merged.cells[0].merge(merged.cells[2]).text = "Ủy ban nhân dân tỉnh theo dõi"
    document.add_paragraph("Nơi nhận: như trên.")
    document.save(tmp_path / "n.docx")

    loaded = load_text(tmp_path / "n.docx", MAX)
    assert (loaded.format, loaded.encoding) == ("docx", "unicode")
    assert loaded.text == (
        "THÔNG BÁO KẾT LUẬN\n\nGiao nhiệm vụ như sau:\n\n"
        "STT | Nội dung | Cơ quan chủ trì\n\n"
        "1 | Phòng, chống hạn hán | Sở Nông nghiệp\n\n"
        "2 | Bố trí kinh phí | Sở Tài chính\n\n"
        "Ủy ban nhân dân tỉnh theo dõi\n\n"
        "Nơi nhận: như trên."
    )


def test_docx_typed_in_vntime_font_is_repaired(tmp_path):
    document = docx.Document()
    document.add_paragraph("Ủy ban nhân dân tỉnh Lâm Đồng")  # a Unicode paragraph
    for line in SEED_TCVN3_ERA.split("\n"):
        document.add_paragraph().add_run(unicode_to_tcvn3(line)).font.name = ".VnTime"
    document.save(tmp_path / "old.docx")

    loaded = load_text(tmp_path / "old.docx", MAX)
    assert loaded.encoding == "unicode+tcvn3"
    assert loaded.text == "Ủy ban nhân dân tỉnh Lâm Đồng\n\n" + SEED.replace("\n", "\n\n")


def test_broken_docx_zip_is_corrupt(tmp_path):
    document = docx.Document()
    document.add_paragraph(SEED)
    document.save(tmp_path / "full.docx")
    data = (tmp_path / "full.docx").read_bytes()
    with pytest.raises(CorruptFile, match="docx"):
        load_text(write(tmp_path / "cut.docx", data[: len(data) // 2]), MAX)


def test_old_doc_renamed_docx_says_so(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(CorruptFile, match=r"old \.doc"):
        load_text(write(tmp_path / "n.docx", ole), MAX)


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<html><head><meta charset="{charset}"><title>Thông báo</title>
<style>p {{ color: red }}</style><script>var note = "không được lấy";</script></head>
<body><h1>THÔNG BÁO KẾT LUẬN</h1>
<p>Ủy ban nhân dân tỉnh chỉ đạo phòng, chống hạn hán, cháy rừng.</p>
<table><tr><td>Sở Nông nghiệp</td><td>chủ trì</td></tr></table>
<p>Giao Sở Tài chính bố trí kinh phí.</p><script>alert("không");</script></body></html>"""


@pytest.mark.parametrize(
    ("suffix", "charset", "encode"),
    [
        (".html", "utf-8", lambda html: html.encode("utf-8")),
        (".htm", "windows-1258", encode_cp1258),
    ],
)
def test_html_main_text_without_scripts(tmp_path, suffix, charset, encode):
    path = write(tmp_path / f"n{suffix}", encode(PAGE.format(charset=charset)))
    loaded = load_text(path, MAX)
    assert (loaded.format, loaded.encoding) == ("html", charset)
    assert "Ủy ban nhân dân tỉnh chỉ đạo phòng, chống hạn hán, cháy rừng." in loaded.text
    assert "Sở Nông nghiệp" in loaded.text and "Giao Sở Tài chính bố trí kinh phí." in loaded.text
    assert "không" not in loaded.text and "color" not in loaded.text


def test_html_without_charset_is_detected(tmp_path):
    page = PAGE.replace('<meta charset="{charset}">', "").format()
    loaded = load_text(write(tmp_path / "n.html", encode_cp1258(page)), MAX)
    assert loaded.encoding == "cp1258"
    assert "phòng, chống hạn hán" in loaded.text


def test_html_with_only_scripts_is_empty(tmp_path):
    page = "<html><head><script>var x = 1;</script></head><body><script>f()</script></body></html>"
    with pytest.raises(EmptyDocument, match="no text"):
        load_text(write(tmp_path / "n.html", page), MAX)


def test_html_falls_back_to_all_visible_text(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    page = PAGE.format(charset="utf-8").replace("<h1>", "<nav>Trang chủ</nav><h1>")
    loaded = load_text(write(tmp_path / "n.html", page), MAX)
    assert loaded.text == (
        "Trang chủ\nTHÔNG BÁO KẾT LUẬN\n"
        "Ủy ban nhân dân tỉnh chỉ đạo phòng, chống hạn hán, cháy rừng.\n"
        "Sở Nông nghiệp\nchủ trì\nGiao Sở Tài chính bố trí kinh phí."
    )


# --- anything else: an IngestError, never another exception ----------------------------------

PAYLOADS = [
    bytes(range(256)),
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n",
    b"PK\x03\x04" + b"\x00" * 40,
    b"<html><body><p>",
    b"\xff\xfe\x00",
    b"\xef\xbb\xbf",
    b"\x00\x00\x00\x00",
]


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_bad_input_raises_only_ingest_errors(tmp_path, suffix, payload):
    try:
        loaded = load_text(write(tmp_path / f"bad{suffix}", payload), MAX)
    except IngestError:
        return
    assert isinstance(loaded, LoadedText) and loaded.text.strip()


# --- real corpus -----------------------------------------------------------------------------


def test_every_gazette_file_loads_or_fails_cleanly(corpora):
    files = sorted((corpora / "congbao").rglob("*.txt"))
    assert len(files) > 400
    outcomes = collections.Counter()
    for path in files:
        try:
            loaded = load_text(path, MAX)
        except IngestError as error:
            outcomes[type(error).__name__] += 1
        else:
            assert loaded.text == unicodedata.normalize("NFC", loaded.text)
            outcomes[loaded.encoding] += 1
    assert outcomes["utf-8"] == len(files)  # the gazette text is all UTF-8, none mistaken for TCVN3
