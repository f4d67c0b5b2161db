"""The glossary and the do-not-translate list, applied to machine drafts.

Before a text goes to an engine, :meth:`Glossary.protect` turns it into an HTML fragment in
which every protected span is ``<span translate="no" id="kN">…</span>``: names of people (the
release's own, from its enrichment and byline, plus ``data/glossary.json``'s
``do_not_translate``), footnote markers (``[1]``) and links stay as written; glossary terms
(titles, organizations) are replaced by the house form of the target language first and then
kept the same way. LibreTranslate's HTML mode leaves ``translate="no"`` elements alone;
:func:`restore` turns the engine's answer back into plain text and puts every protected span
back from its id, so an engine that touched one cannot change it, and counts the spans an
engine dropped.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Final

import msgspec

__all__ = ["Glossary", "Protected", "default_glossary", "restore"]

_DATA: Final = Path(__file__).with_name("data") / "glossary.json"
#: Always kept as written: footnote references and links.
_ALWAYS: Final = r"\[(?:[0-9]{1,3}|[*†‡§])\]|https?://\S+[^\s.,;:!?)\]]"


class _Keep(msgspec.Struct, frozen=True, kw_only=True):
    term: str
    note: str = ""


class _File(msgspec.Struct, frozen=True, kw_only=True):
    do_not_translate: tuple[_Keep, ...] = ()
    glossary: tuple[dict[str, str], ...] = ()


class Protected(msgspec.Struct, frozen=True, kw_only=True):
    """A text ready for an engine: the HTML fragment and the spans it protects, by id."""

    fragment: str
    kept: tuple[str, ...]


def _pattern(term: str, *, ignore_case: bool) -> str:
    escaped = re.escape(term).replace(r"\ ", r"\s+")
    body = f"(?i:{escaped})" if ignore_case else escaped
    return rf"(?<!\w){body}(?!\w)"


class Glossary:
    """Terms kept as written, and terms with a house form per target language."""

    def __init__(
        self,
        do_not_translate: Iterable[str] = (),
        terms: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.do_not_translate = tuple(dict.fromkeys(t.strip() for t in do_not_translate if t))
        self.terms = {term: dict(forms) for term, forms in (terms or {}).items()}

    def with_names(self, names: Iterable[str | None]) -> Glossary:
        """This glossary plus names to keep as written (a release's people)."""
        return Glossary((*self.do_not_translate, *(n for n in names if n)), self.terms)

    @functools.cached_property
    def _lookup(self) -> dict[str, tuple[str, dict[str, str] | None]]:
        # Glossary entries win over a do-not-translate entry of the same spelling.
        found: dict[str, tuple[str, dict[str, str] | None]] = {
            t.casefold(): (t, None) for t in self.do_not_translate
        }
        found.update({t.casefold(): (t, forms) for t, forms in self.terms.items()})
        return found

    @functools.cached_property
    def _regex(self) -> re.Pattern[str]:
        # Longest first, so "UN Security Council" wins over "Security Council". Names are
        # matched as written ("Bill" the person, not "bill" the law); glossary terms in any
        # case ("the Secretary of State said"), except acronyms ("NATO", not "nato").
        terms = sorted(self._lookup.values(), key=lambda entry: len(entry[0]), reverse=True)
        patterns = [
            _pattern(term, ignore_case=forms is not None and term.upper() != term)
            for term, forms in terms
        ]
        return re.compile("|".join([_ALWAYS, *patterns]))

    def protect(self, text: str, target: str) -> Protected:
        """``text`` as an HTML fragment with its protected spans marked (see the module)."""
        parts: list[str] = []
        kept: list[str] = []
        last = 0
        for found in self._regex.finditer(text):
            written = found.group(0)
            _, forms = self._lookup.get(" ".join(written.split()).casefold(), (written, None))
            if forms is not None and target not in forms:
                continue  # a glossary term without a form in this language: the engine's
            keep = forms[target] if forms is not None else written
            parts.append(html.escape(text[last : found.start()], quote=False))
            parts.append(
                f'<span translate="no" id="k{len(kept)}">{html.escape(keep, quote=False)}</span>'
            )
            kept.append(keep)
            last = found.end()
        parts.append(html.escape(text[last:], quote=False))
        return Protected(fragment="".join(parts), kept=tuple(kept))


@functools.cache
def default_glossary() -> Glossary:
    """The curated lists of ``data/glossary.json``."""
    data = msgspec.json.decode(_DATA.read_bytes(), type=_File)
    terms = {
        entry["term"]: {k: v for k, v in entry.items() if k not in ("term", "note")}
        for entry in data.glossary
    }
    return Glossary((k.term for k in data.do_not_translate), terms)


class _Restorer(HTMLParser):
    def __init__(self, kept: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.kept = kept
        self.out: list[str] = []
        self.seen: set[int] = set()
        self._inside: list[bool] = []  # per open span: is it a protected one?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            return
        ident = dict(attrs).get("id") or ""
        number = int(ident[1:]) if ident[:1] == "k" and ident[1:].isdigit() else -1
        protected = 0 <= number < len(self.kept) and not any(self._inside)
        if protected:
            self.out.append(self.kept[number])
            self.seen.add(number)
        self._inside.append(protected)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._inside:
            self._inside.pop()

    def handle_data(self, data: str) -> None:
        if not any(self._inside):
            self.out.append(data)


def restore(fragment: str, protected: Protected) -> tuple[str, int]:
    """The engine's HTML answer as plain text with the protected spans put back.

    Returns the text and how many protected spans the engine dropped.
    """
    parser = _Restorer(protected.kept)
    parser.feed(fragment)
    parser.close()
    text = re.sub(r"[ \t]{2,}", " ", "".join(parser.out)).strip()
    return text, len(protected.kept) - len(parser.seen)
