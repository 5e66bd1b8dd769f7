"""Who is assigned what, by when: the assignment ledger of a notice.

Works on the leaf blocks of ``ingest.structure.parse_blocks`` and recognises the ways Vietnamese
notices and legal texts hand out work:

- a trigger naming the lead: "Giao Văn phòng Tỉnh ủy tổng hợp ...", "đề nghị X ...",
  "yêu cầu X ...";
- a body as the subject of a modal or a duty verb: "Ban cán sự đảng UBND tỉnh cần rà soát ...",
  "Bộ Tài chính chủ trì, phối hợp với Bộ Nội vụ ...", "Ủy ban nhân dân cấp tỉnh có trách nhiệm ...",
  "Các đồng chí Ủy viên Ban Chấp hành ... tham gia góp ý ...";
- a heading or list intro whose subject is a body ("2.3. Ban cán sự đảng ... lãnh đạo Ủy ban nhân
  dân tỉnh:", "5. Bộ Nội vụ", "Trách nhiệm của Bộ Y tế", "đề nghị X ... một số nhiệm vụ sau:"):
  every item under it is a task of that body unless the item names its own lead.

Descriptions of the past ("đã chủ động lãnh đạo ...") carry none of these cues and give no record.
Body names are canonicalised by ``assistant.vocab.bodies`` so "UBND tỉnh" and "Ủy ban nhân dân tỉnh"
match across notices; the original wording is kept in ``assignees_text`` for citation.

The package splits that work by job (each module's docstring says its own):

- ``subjects``: where a body phrase ends and which bodies it names;
- ``triggers``: the cues and verbs that hand out work, and headings and intros naming a body;
- ``lists``: headed lists, group titles, task tables and forms;
- ``articles``: which articles, chapters and lists hand out work and which state rules;
- ``records``: one record per deadline, with supporters and canonical names;
- ``kinds``: task / coordination / general;
- ``extract``: ``extract_assignments``, the walk over a notice's blocks.
"""

from ingest.assignments.extract import extract_assignments
from ingest.assignments.kinds import _kind as _kind  # tests check the kinds directly
from ingest.assignments.subjects import body_phrase_end, parse_subject, split_bodies

__all__ = ["body_phrase_end", "extract_assignments", "parse_subject", "split_bodies"]
