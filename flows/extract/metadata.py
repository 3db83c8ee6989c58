"""Document metadata: title, publisher, author, publication date, language.

HTML pages carry it in meta tags and JSON-LD, and htmldate finds their publication date; text
captures only in their lines, so there it comes from signatures a site leaves in its own page
("X Staff … https://site", "read more from X", "authored by site.com", URLs in script residue) and
from date lines with a publication cue, read by a few patterns or else by dateparser. A date
without such a cue (e.g. the current-date chrome at the top of a page) is not trusted.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime

import courlan
import htmldate
from dateparser.search import search_dates

from flows.extract.documents import Metadata
from flows.extract.language import declared_language, detect_language

_MONTHS = {
    # en, de, fr, es, it, pt, nl full names and common abbreviations
    1: "january jan januar janvier enero gennaio janeiro januari jän",
    2: "february feb februar février fevrier febrero febbraio fevereiro februari",
    3: "march mar märz maerz mars marzo março maart",
    4: "april apr avril abril aprile",
    5: "may mai mayo maggio maio mei",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet julio luglio julho",
    8: "august aug août aout agosto augustus",
    9: "september sep sept septembre septiembre settembre setembro",
    10: "october oct oktober octobre octubre ottobre outubro",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro",
}
_MONTH_NUMBER = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [  # (regex, group order as y/m/d)
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"), "ymd"),
    (re.compile(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일?,?\s*(\d{4})"), "mdy"),
    (re.compile(r"(\d{4})\s*[年/]\s*(\d{1,2})\s*[月/]\s*(\d{1,2})"), "ymd"),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE), "Mdy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?(\d{4})", re.IGNORECASE), "dMy"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
]
_PUBLICATION_CUE = re.compile(
    r"published|posted|updated|first appeared|date:|veröffentlicht|aktualisiert|publié|mis à jour|publicado|"
    r"actualizado|pubblicato|aggiornato|gepubliceerd|publicerad|publiceret|publisert|julkaistu|opublikowano|"
    r"zveřejněno|yayınlan|publicat|megjelent|diterbitkan|опубликовано|обновлено|опубліковано|δημοσιε|פורסם|"
    r"نُ?شر|प्रकाशित|게시|입력|수정|등록|발행|公開|发布|發布|更新", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# dateparser reads month names in some 200 locales; told the language it needs a few ms a line.
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
                        "PREFER_DATES_FROM": "past"}
# htmldate output: date and, when the page gives one, time of day.
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
_URL = re.compile(r"https?://(?:www\.)?([\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
_READ_MORE_FROM = re.compile(r"read more (?:from|at) (?:the )?([A-Za-z][\w .&'-]{2,50}?)\s*$", re.IGNORECASE)
_STAFF_SIGNATURE = re.compile(r"^([\w.&'-]+(?: [\w.&'-]+)?) staff\s*https?://", re.IGNORECASE)
_AUTHORED_BY_SITE = re.compile(r"\bauthored by ((?:www\.)?[\w-]+(?:\.[\w-]+)+)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*$")
_STAFF_AUTHOR = re.compile(r"^([\w.&'-]+(?: [\w.&'-]+)? Staff)$")


def parse_date(text: str) -> datetime | None:
    """The first well-formed calendar date in the text (several languages and scripts).

    Kept beside dateparser for the common forms: these patterns take microseconds a line, where
    dateparser takes milliseconds and misreads "Aug. 21, 2021" as January."""
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            values = dict(zip(order.lower(), match.groups()))
            month = values["m"]
            month = _MONTH_NUMBER.get(month.lower().rstrip("."), 0) if not month.isdigit() else int(month)
            try:
                return datetime(int(values["y"]), month, int(values["d"]))
            except ValueError:
                continue
    return None


def _dateparser_date(text: str, language: str | None) -> datetime | None:
    """The first full date dateparser finds in the text, in the page's language when it knows it."""
    try:
        found = search_dates(text, languages=[language] if language else None, settings=_DATEPARSER_SETTINGS)
    except ValueError:  # a language dateparser has no locale for
        found = search_dates(text, settings=_DATEPARSER_SETTINGS)
    # A match without a year of its own ("today", a weekday) is dated relative to now: not a date line.
    return next((date for matched, date in found or () if _YEAR.search(matched)), None)


def domain_of(url: str | None) -> str | None:
    """Registered domain of a URL or host ("https://edition.cnn.com/x" -> "cnn.com")."""
    if not url:
        return None
    return courlan.extract_domain(url if "//" in url else "http://" + url)


def _cued_date(lines: list[str], language: str | None) -> datetime | None:
    for line in lines:
        cue = _PUBLICATION_CUE.search(line)
        if cue and len(line) < 200:
            cued = line[cue.start():]
            found = parse_date(cued) or (_dateparser_date(cued, language) if _YEAR.search(cued) else None)
            if found:
                return found
    return None


def html_published(tree, url: str | None) -> datetime | None:
    """Publication date by htmldate: URL, meta tags, JSON-LD, time elements, date patterns in the
    markup; its extensive free-text search is left off (4x slower, and no more right on the corpus)."""
    found = htmldate.find_date(tree, extensive_search=False, original_date=True, url=url,
                               outputformat=_HTMLDATE_FORMAT)
    return datetime.fromisoformat(found) if found else None


def _text_publisher(lines: list[str]) -> str | None:
    for line in lines:
        named = _READ_MORE_FROM.search(line) or _STAFF_SIGNATURE.search(line)
        if named:
            name = named.group(1).strip()
            return name.title() if name.isupper() else name
    for line in lines:
        site = _AUTHORED_BY_SITE.search(line)
        if site:
            return domain_of(site.group(1))
    domains = Counter(domain_of(host.lower()) for line in lines for host in _URL.findall(line))
    domains.pop(None, None)
    return domains.most_common(1)[0][0] if domains else None


def _text_author(lines: list[str]) -> str | None:
    for line in lines:
        match = _BYLINE.match(line) or _STAFF_AUTHOR.match(line)
        if match:
            return match.group(1)
    return None


def text_metadata(lines: list[str], title: str | None, language: str | None, url: str | None = None) -> Metadata:
    """Metadata of a text capture from its page lines (without comment threads, whose dates and
    names are not the article's); the language is the one the cleaner identified."""
    return Metadata(
        title=title,
        publisher=_text_publisher(lines) or domain_of(url),
        author=_text_author(lines),
        published=_cued_date(lines, language),
        language=language,
    )


def _meta_tags(tree) -> dict[str, str]:
    """Meta tag content by lower-cased property/name/itemprop, first occurrence wins (one pass)."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").lower()
            if key and content:
                tags.setdefault(key, content)
    return tags


def _first(tags: dict[str, str], *names: str) -> str | None:
    return next((tags[name] for name in names if name in tags), None)


def _json_ld(tree) -> list[dict]:
    objects = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        objects.extend(item for item in items if isinstance(item, dict))
    return objects


def _ld_name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _clean_title(title: str | None, publisher: str | None) -> str | None:
    """Drop a trailing " | Site" / " - Site" naming the publisher."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and publisher and publisher.lower() in parts[-1].lower():
        title = title[: title.rfind(parts[-1])].rstrip(" |–—-")
    return title or None


def html_metadata(tree, body: str, url: str | None = None) -> Metadata:
    tags = _meta_tags(tree)
    ld = _json_ld(tree)
    ld_value = lambda key: next((item[key] for item in ld if item.get(key)), None)
    publisher = (_first(tags, "og:site_name", "application-name") or _ld_name(ld_value("publisher"))
                 or domain_of(url or _first(tags, "og:url")))
    author = _first(tags, "author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
    if author and author.startswith("http"):
        author = None
    author = author or _ld_name(ld_value("author"))
    published = html_published(tree, url)
    title = _first(tags, "og:title", "twitter:title") or next(iter(tree.xpath("//title/text()")), None) \
        or next(iter(tree.xpath("//h1//text()")), None)
    language = (declared_language(next(iter(tree.xpath("/html/@lang")), None))
                or declared_language(_first(tags, "og:locale")) or detect_language(body))
    return Metadata(title=_clean_title(title, publisher), publisher=publisher, author=author, published=published,
                    language=language)
