import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.ingest.discover import Page, Rejected, decode, looks_binary, read_pages

ARTICLE = "<html><head><title>T</title></head><body><p>" + "Words of an article. " * 30 + "</p></body></html>"


def _by_path(landing):
    return {item.landing_path: item for item in read_pages(landing, max_bytes=10_000)}


def test_reads_every_supported_format_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.html").write_text(ARTICLE)
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(ARTICLE.replace("T", "U").encode()))
    (tmp_path / "c.txt").write_text("A headline\n\nSome body text of a capture.")
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": "https://example.org/a", "fetched_at": "2021-08-21T10:00:00+00:00"}))
    pages = _by_path(tmp_path)
    assert set(pages) == {"a.html", "b.html.gz", "c.txt"}  # the sidecar is not a page
    assert all(isinstance(p, Page) for p in pages.values())
    assert pages["a.html"].url == "https://example.org/a"
    assert pages["a.html"].fetched_at.year == 2021
    assert pages["b.html.gz"].fmt == "html" and "U" in pages["b.html.gz"].content
    assert pages["c.txt"].fmt == "text"
    assert len({p.page_id for p in pages.values()}) == 3


def test_reads_warc_response_records(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/{n}", "response", payload=io.BytesIO(ARTICLE.replace("T", str(n)).encode()),
            http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buffer.getvalue())
    pages = list(read_pages(tmp_path, max_bytes=100_000))
    assert [p.url for p in pages] == ["https://example.org/0", "https://example.org/1"]
    assert all(isinstance(p, Page) and p.fmt == "html" for p in pages)
    assert pages[0].landing_path.startswith("crawl.warc.gz#record-")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.html", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        ("huge.txt", b"a" * 20_000, "oversized"),
        ("broken.html.gz", b"\x1f\x8bnot really gzip", "unreadable"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_pages_are_rejected_with_a_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (item,) = read_pages(tmp_path, max_bytes=10_000)
    assert isinstance(item, Rejected)
    assert item.reason.startswith(reason), item.reason


def test_decode_falls_back_from_utf8_to_declared_charset():
    raw = '<meta charset="windows-1252"><p>café – naïve</p>'.encode("cp1252")
    assert "café" in decode(raw, "html")


def test_binary_detection_tolerates_text_with_tabs_and_newlines():
    assert not looks_binary("plain\ttext\r\nwith lines\n".encode())
    assert looks_binary(bytes(range(0, 32)) * 20)
