import re

import pytest

from assistant.core.errors import ConfigError
from assistant.vocab.titles import folded_title_heads, officer_titles, title_pattern


def test_titles_come_from_the_data_file_in_lower_case():
    titles = officer_titles()
    assert "chủ tịch" in titles and "chánh văn phòng" in titles
    assert all(t == t.lower() for t in titles)


def test_the_pattern_takes_a_deputy_and_any_case():
    pattern = re.compile(rf"\b{title_pattern()}\b", re.IGNORECASE)
    assert pattern.search("Ai là Phó Chủ tịch UBND tỉnh?").group() == "Phó Chủ tịch"
    assert pattern.search("đồng chí Chánh Văn phòng Tỉnh ủy").group() == "Chánh Văn phòng"
    assert not pattern.search("Ủy ban nhân dân tỉnh")


def test_folded_heads_cover_every_title_and_its_deputy():
    heads = folded_title_heads()
    assert "chu tich" in heads and "pho chu tich" in heads and "pho giam doc" in heads
    assert len(heads) == 2 * len(officer_titles())


def test_a_bad_title_table_names_its_line(tmp_path):
    table = tmp_path / "titles.tsv"
    table.write_text("title\nchủ tịch\nGiám đốc\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 3"):
        officer_titles(table)
