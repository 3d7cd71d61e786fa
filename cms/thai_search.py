"""Thai-aware search over courses, modules and case studies.

Thai is written without spaces between words, so Wagtail's database backend only finds a Thai
word that stands alone. Each searchable page therefore stores a word-segmented copy of its text
(`search_text`, filled on every save, PyThaiNLP's offline "newmm" dictionary segmenter), and a
query is segmented the same way: a page matches when every word of the query is a word of its text
(see `word_pattern` for compounds and English word starts). Excerpts are cut from the readable text around the first match, with matches in <mark>.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from pythainlp.tokenize import word_tokenize

_PUNCTUATION = re.compile(r"^[\W_]+$")
_SPACES = re.compile(r"\s+")
# Block fields that hold a display setting (heading level, callout kind), not readable text.
_SETTINGS_KEYS = {"level", "kind"}


def segment(text: str) -> list[str]:
    """Words of `text`, lower-cased, Thai split by the newmm dictionary, punctuation dropped."""
    text = _SPACES.sub(" ", html.unescape(strip_tags(text or ""))).strip().lower()
    if not text:
        return []
    words = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return [word.strip() for word in words if word.strip() and not _PUNCTUATION.match(word)]


def index_text(text: str) -> str:
    """The stored index: words separated by single spaces, with a space at each end, so that
    ` word ` matches whole words only."""
    words = segment(text)
    return f" {' '.join(words)} " if words else ""


def stream_text(stream) -> str:
    """Readable text of a StreamField value (headings, paragraphs, steps, checklists...)."""
    parts: list[str] = []

    def walk(value):
        if value is None:
            return
        if hasattr(value, "source"):  # RichText
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(strip_tags(value))
        elif isinstance(value, dict) or hasattr(value, "items"):
            for key, item in value.items():
                if key not in _SETTINGS_KEYS:
                    walk(item)
        elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
            for item in value:
                walk(getattr(item, "value", item))

    for block in stream or []:
        walk(block.value)
    return "\n".join(part for part in parts if part.strip())


@dataclass
class SearchResult:
    page: object
    score: int
    excerpt: SafeString


_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Thai words this long are specific enough to find inside a longer compound ("ศุลกากร" in
# "กรมศุลกากร", which newmm keeps as one word); shorter ones ("ตา", "ยา") must stand alone.
MIN_THAI_PART = 4


def word_pattern(word: str) -> str:
    """What `search_text` must contain for `word` to match."""
    if _THAI.search(word):
        return word if len(word) >= MIN_THAI_PART else f" {word} "
    return f" {word}"  # English and numbers: a word start, so "prototype" finds "prototypes"


def searchable_models():
    from cms.pages import CaseStudyPage, CoursePage, ModulePage

    return [CoursePage, ModulePage, CaseStudyPage]


def search(query: str, locale, limit: int | None = None) -> list[SearchResult]:
    """Live, public courses, modules and case studies in `locale` containing every query word,
    best first (title matches count most, then how often the words occur). Thai words are
    whole words of the segmented text or, when long, parts of one (see `word_pattern`)."""
    words = list(dict.fromkeys(segment(query)))
    if not words:
        return []
    results: list[SearchResult] = []
    for model in searchable_models():
        pages = model.objects.live().public().filter(locale=locale)
        patterns = [word_pattern(word) for word in words]
        for pattern in patterns:
            pages = pages.filter(search_text__contains=pattern)
        for page in pages:
            score = sum(page.search_text.count(pattern) for pattern in patterns)
            title_words = set(segment(page.title))
            score += 10 * sum(1 for word in words if word in title_words)
            results.append(SearchResult(page, score, excerpt(_text_after_title(page), words)))
    results.sort(key=lambda result: (-result.score, result.page.title))
    return results[:limit] if limit else results


def _text_after_title(page) -> str:
    """The page's searchable text without its title, which the result shows above the excerpt
    already (the title alone when there is nothing else)."""
    source = page.search_source()
    if source.startswith(page.title):
        rest = source[len(page.title) :].strip()
        if rest:
            return rest
    return source


def excerpt(text: str, words: list[str], width: int = 90) -> SafeString:
    """About 2 x `width` characters of `text` around the first query word, matches highlighted."""
    text = _SPACES.sub(" ", html.unescape(strip_tags(text))).strip()
    lowered = text.lower()
    positions = [lowered.find(word) for word in words if lowered.find(word) >= 0]
    first = min(positions) if positions else 0
    start = max(0, first - width)
    end = min(len(text), first + width)
    snippet = text[start:end]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    pieces, last = [], 0
    for match in pattern.finditer(snippet):
        pieces.append(html.escape(snippet[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(html.escape(snippet[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is html.escape()d, prefix/suffix are constants  # nosec B308 B703
