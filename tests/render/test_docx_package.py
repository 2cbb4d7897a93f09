"""render.docx.package: the parts declared, document properties, reproducible bytes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from advocate.errors import AdvocateError
from docx_parts import (
    NS,
    part,
    render,
)
from sample_documents import sample_briefing, sample_letter


def test_footnotes_part_is_declared() -> None:
    data = render(sample_letter())
    rels = part(data, "word/_rels/document.xml.rels")
    footnote_rels = [r for r in rels if r.get("Type", "").endswith("/relationships/footnotes")]
    assert [r.get("Target") for r in footnote_rels] == ["footnotes.xml"]
    assert footnote_rels[0].get("Type") == (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    )
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    )
    settings = part(data, "word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_core_properties() -> None:
    document = docx.Document(io.BytesIO(render(sample_briefing())))
    props = document.core_properties
    assert props.title == "Uyghur genocide: briefing & notes <draft>"
    assert props.author == 'Alex O\'Brien "Jr"'
    assert props.keywords == "Detention, Torture"
    assert props.subject == "Detention, Torture"
    assert props.language == "en-GB"
    assert props.created.date().isoformat() == "2021-04-20"


def test_source_date_epoch_gives_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    first = render(sample_letter())
    second = render(sample_letter())
    assert first == second
    core = part(first, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/terms/}created") == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(AdvocateError, match="SOURCE_DATE_EPOCH"):
        render(sample_letter())
