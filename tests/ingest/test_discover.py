import codecs
import gzip
import io
import json
import os

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.ingest.discover import (
    LandingMissing,
    Page,
    Rejected,
    decode,
    looks_binary,
)

ARTICLE = "<html><head><title>T</title></head><body><p>" + "Words of an article. " * 30 + "</p></body></html>"


def _by_path(landing, read_landing):
    return {item.landing_path: item for item in read_landing(landing, 10_000)[0]}


def test_reads_every_supported_format_with_sidecar_metadata(tmp_path, read_landing):
    (tmp_path / "a.html").write_text(ARTICLE)
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(ARTICLE.replace("T", "U").encode()))
    (tmp_path / "c.txt").write_text("A headline\n\nSome body text of a capture.")
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": "https://example.org/a", "fetched_at": "2021-08-21T10:00:00+00:00"}))
    pages = _by_path(tmp_path, read_landing)
    assert set(pages) == {"a.html", "b.html.gz", "c.txt"}  # the sidecar is not a page
    assert all(isinstance(p, Page) for p in pages.values())
    assert pages["a.html"].url == "https://example.org/a"
    assert pages["a.html"].fetched_at.year == 2021
    assert pages["b.html.gz"].fmt == "html" and "U" in pages["b.html.gz"].content
    assert pages["c.txt"].fmt == "text"
    assert len({p.page_id for p in pages.values()}) == 3


def test_reads_warc_response_records(tmp_path, read_landing):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/{n}", "response", payload=io.BytesIO(ARTICLE.replace("T", str(n)).encode()),
            http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buffer.getvalue())
    pages = list(read_landing(tmp_path, 100_000)[0])
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
def test_bad_pages_are_rejected_with_a_reason(tmp_path, name, content, reason, read_landing):
    (tmp_path / name).write_bytes(content)
    (item,) = read_landing(tmp_path, 10_000)[0]
    assert isinstance(item, Rejected)
    assert item.reason.startswith(reason), item.reason


def test_decode_falls_back_from_utf8_to_declared_charset():
    raw = '<meta charset="windows-1252"><p>café – naïve</p>'.encode("cp1252")
    text, doubt = decode(raw, "html")
    assert "café" in text and doubt is None


@pytest.mark.parametrize(("text", "encoding"), [
    ("Pour la fête de la musique, à Besançon, les élèves ont préparé un concert où chacun a joué.", "latin-1"),
    ("Zażółć gęślą jaźń: minister powiedział w środę w Łodzi, że ceny żywności wzrosną.", "cp1250"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl ministr ve středu v Brně.", "cp1250"),
    ("Die Bürger in Köln äußerten sich über die Straßenbahn größtenteils zufrieden.", "cp1252"),
])
def test_a_page_without_a_charset_is_decoded_in_its_own_legacy_encoding(text, encoding):
    decoded, doubt = decode(f"<html><body><p>{text}</p></body></html>".encode(encoding), "html")
    assert text in decoded
    assert doubt is None


def test_a_page_of_utf8_and_latin1_keeps_both_halves_and_warns():
    raw = "<p>la fête à Besançon</p>".encode("latin-1") + "<p>und Grüße aus Köln</p>".encode("utf-8")
    decoded, doubt = decode(raw, "html")
    assert "la fête à Besançon" in decoded and "Grüße aus Köln" in decoded
    assert doubt.startswith("encoding: mixed")


def test_a_low_confidence_guess_writes_a_page_warning(tmp_path, read_landing):
    # One accented letter in a page of ASCII: too little for any detector to tell the encoding.
    (tmp_path / "odd.html").write_bytes(ARTICLE.replace("Words", "Café words", 1).encode("latin-1"))
    (page,) = read_landing(tmp_path, 10_000)[0]
    assert isinstance(page, Page)
    assert [w for w in page.warnings if w.startswith("encoding: ")], page.warnings


def test_binary_detection_tolerates_text_with_tabs_and_newlines():
    assert not looks_binary("plain\ttext\r\nwith lines\n".encode())
    assert looks_binary(bytes(range(0, 32)) * 20)


def test_a_gzip_bomb_is_refused_at_the_limit_without_decompressing_it_whole(tmp_path, read_landing):
    with gzip.open(tmp_path / "bomb.html.gz", "wb") as handle:
        for _ in range(64):
            handle.write(b"\0" * 1_000_000)  # 64 MB inflated, a few KB on disk
    (item,) = read_landing(tmp_path, 10_000)[0]
    assert isinstance(item, Rejected)
    assert item.reason == "oversized: decompresses to more than the limit of 10000 bytes"


def test_links_never_lead_out_of_the_landing_directory(tmp_path, read_landing):
    landing, outside = tmp_path / "landing", tmp_path / "outside"
    landing.mkdir()
    outside.mkdir()
    (outside / "secret.html").write_text(ARTICLE.replace("Words", "Secret"))
    (landing / "real.html").write_text(ARTICLE)
    (landing / "inside.html").symlink_to(landing / "real.html")
    (landing / "escape.html").symlink_to(outside / "secret.html")
    (landing / "escape-dir").symlink_to(outside, target_is_directory=True)
    (landing / "dangling.html").symlink_to(landing / "gone.html")
    (landing / "loop-a.html").symlink_to(landing / "loop-b.html")
    (landing / "loop-b.html").symlink_to(landing / "loop-a.html")
    found, intake = read_landing(landing, 10_000)
    items = {item.landing_path: item for item in found}
    # The link inside is read as the file it names: the same page, so whichever comes second is a duplicate.
    assert intake.duplicates == 1 and len({"real.html", "inside.html"} & set(items)) == 1
    assert set(items) - {"real.html", "inside.html"} == {"escape.html", "escape-dir", "dangling.html",
                                                         "loop-a.html", "loop-b.html"}
    for name in ("escape.html", "escape-dir"):
        assert items[name].reason == "symlink: points outside the landing directory; not followed"
    assert items["dangling.html"].reason == "symlink: dangling (its target does not exist)"
    assert items["loop-a.html"].reason.startswith("symlink: unresolvable")
    assert not any("Secret" in getattr(i, "content", "") for i in items.values())


def test_a_pipe_in_the_landing_directory_is_refused_not_read(tmp_path, read_landing):
    os.mkfifo(tmp_path / "feed.html")
    (item,) = read_landing(tmp_path, 10_000)[0]
    assert item.reason == "not a regular file (device, socket or pipe)"


def test_a_name_that_is_not_utf8_is_kept_byte_for_byte(tmp_path, read_landing):
    raw_name = b"caf\xe9 \xff.html"
    with open(os.path.join(os.fsencode(tmp_path), raw_name), "w") as handle:
        handle.write(ARTICLE)
    (page,) = read_landing(tmp_path, 10_000)[0]
    assert isinstance(page, Page)
    assert page.landing_path == "caf\\xe9 \\xff.html"
    assert page.landing_path_bytes == raw_name
    page.landing_path.encode("utf-8")  # storable: no surrogates


def test_a_name_that_is_not_utf8_with_a_bad_sidecar_keeps_the_page_and_a_storable_warning(tmp_path, read_landing):
    root = os.fsencode(tmp_path)
    with open(os.path.join(root, b"caf\xe9.html"), "w") as handle:
        handle.write(ARTICLE)
    with open(os.path.join(root, b"caf\xe9.meta.json"), "w") as handle:
        handle.write('{"url": "javascript:alert(1)"}')
    (page,) = read_landing(tmp_path, 10_000)[0]
    assert isinstance(page, Page), page
    assert page.warnings == ("sidecar caf\\xe9.meta.json: field 'url' dropped: scheme 'javascript' is not http or https",)
    for text in (page.landing_path, *page.warnings):
        text.encode("utf-8")  # storable and printable: no surrogates


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_pages_with_a_byte_order_mark_are_decoded(tmp_path, encoding, read_landing):
    text = ARTICLE.replace("Words", "Wörter – ünïcode")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    (tmp_path / "wide.html").write_bytes(raw)
    (page,) = read_landing(tmp_path, 100_000)[0]
    assert isinstance(page, Page), page
    assert page.content == text


@pytest.mark.parametrize(
    ("sidecar", "warning"),
    [
        ("{not json", "sidecar a.meta.json: unreadable JSON, ignored"),
        ('["https://example.org/a"]', "sidecar a.meta.json: not a JSON object, ignored"),
        ('{"url": 42}', "sidecar a.meta.json: field 'url' dropped: not a string (int)"),
        ('{"url": "javascript:alert(1)"}', "sidecar a.meta.json: field 'url' dropped: scheme 'javascript' is not http or https"),
        ('{"url": "https://example.org/' + "a" * 3000 + '"}', "sidecar a.meta.json: field 'url' dropped: longer than 2048 characters"),
        ('{"url": "https://example.org/a", "fetched_at": "yesterday"}', "sidecar a.meta.json: field 'fetched_at' dropped"),
        ('{"url": "https://example.org/a", "fetched_at": 5}', "sidecar a.meta.json: field 'fetched_at' dropped: not a string (int)"),
        ('{"url": "https://example.org/a", "fetched_at": "9999-12-31T23:59:59-05:00"}',
         "sidecar a.meta.json: field 'fetched_at' dropped: 9999-12-31T23:59:59-05:00 is later than a day after the run"),
        ('{"url": "https://example.org/\\ud800"}', "sidecar a.meta.json: field 'url' dropped: contains lone surrogates"),
        ("[" * 50_000, "sidecar a.meta.json: unreadable JSON, ignored (RecursionError"),
    ],
)
def test_a_bad_sidecar_field_is_dropped_with_a_warning_and_the_page_kept(tmp_path, sidecar, warning, read_landing):
    (tmp_path / "a.html").write_text(ARTICLE)
    (tmp_path / "a.meta.json").write_text(sidecar)
    (page,) = read_landing(tmp_path, 10_000)[0]
    assert isinstance(page, Page)
    assert len(page.warnings) == 1 and page.warnings[0].startswith(warning), page.warnings
    assert page.url == ("https://example.org/a" if sidecar.startswith('{"url": "https://example.org/a"') else None)


@pytest.mark.parametrize("url", ["https://例え.jp/über?q=ä", "HTTP://Example.ORG/a%7e/b", "https://example.org/a#part"])
def test_a_sidecar_url_is_kept_as_written(tmp_path, url, read_landing):
    # The written URL is the page's evidence and what dbt reads its domain from: pydantic's HttpUrl
    # would store a re-encoded one (punycode host, percent-encoded path, lower-cased scheme and host).
    (tmp_path / "a.html").write_text(ARTICLE)
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": url}))
    (page,) = read_landing(tmp_path, 10_000)[0]
    assert page.url == url and page.warnings == ()


@pytest.mark.parametrize("url", ["http:///path", "https://example.org/a\nb", " https://example.org/a"])
def test_a_sidecar_url_a_url_parser_would_repair_is_dropped(tmp_path, url, read_landing):
    # A WHATWG parser (HttpUrl's) reads "http:///path" as host "path" and silently strips the
    # whitespace: kept as written, these would name no host or carry a payload.
    (tmp_path / "a.html").write_text(ARTICLE)
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": url}))
    (page,) = read_landing(tmp_path, 10_000)[0]
    assert page.url is None and len(page.warnings) == 1 and "field 'url' dropped" in page.warnings[0]


def test_a_missing_landing_directory_is_an_error(tmp_path, read_landing):
    with pytest.raises(LandingMissing, match="does not exist"):
        list(read_landing(tmp_path / "nowhere", 10_000)[0])
