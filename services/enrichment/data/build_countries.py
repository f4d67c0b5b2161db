"""Build ``countries.json``, the gazetteer of :mod:`services.enrichment.countries`.

Run ``uv run python -m services.enrichment.data.build_countries`` (``--check`` only compares).
The output is committed; nothing is downloaded, at build time or at run time.

Sources, merged in this order (a later source overrides an earlier one for the same form):

1. pycountry (ISO 3166-1 alpha-2): ``name``, ``official_name`` and ``common_name``. Inverted
   index forms ("Korea, Republic of") are skipped and parentheticals dropped ("Holy See
   (Vatican City State)" -> "Holy See"). Rule ``countries:name:en``.
2. CLDR territory names through babel, in en, fr, es, for ISO codes and XK (Kosovo); CLDR
   regions ("Latin America", "world") and non-ISO codes (EU, UN) are not countries. "&" also
   gives the "and"/"et"/"y" form. Rule ``countries:name:<lang>`` (first of en, fr, es).
3. ``countries_curated.json`` (hand-curated, each entry with a ``note`` saying why): short
   forms and diplomatic usage (``countries:curated:<id>``), demonyms and adjectives
   (``countries:demonym:<lang>``), cities implying a country (``countries:city:<id>``), states
   and provinces (dateline only; they keep "New Mexico" from naming MX), blocked phrases
   (regions and organizations containing a country word: "Latin America"), generated forms to
   drop, and adjustments (confidence, context checks) of generated forms.

A curated form may replace a generated one with the same code; replacing it with another code
needs an explicit ``drops`` entry, so no meaning changes silently. City forms must start with a
capital letter (the matcher looks for cities among capitalised forms only). Forms are keyed after
:func:`normalize_form` (typographic apostrophe and spaces folded), which the matcher applies to
the text it matched.

How to add an entry
    1. Edit ``services/enrichment/data/countries_curated.json``: add a line to the right list
       (``names``, ``demonyms``, ``cities``, ``blocks`` …) with its ISO code and a ``note``.
    2. Rebuild: ``uv run python -m services.enrichment.data.build_countries``.
    3. Run the tests: ``uv run pytest tests/unit/test_countries.py -q`` (they check the JSON is
       in sync with this script and that every code is valid), then commit both JSON files.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import babel
import msgspec
import pycountry
from babel import Locale

__all__ = ["CHECKS", "build", "main", "normalize_form", "render", "valid_codes"]

DATA_DIR: Final = Path(__file__).parent
CURATED: Final = DATA_DIR / "countries_curated.json"
OUTPUT: Final = DATA_DIR / "countries.json"

#: The context checks the matcher knows (see services/enrichment/countries.py).
CHECKS: Final = frozenset({"caps", "given_name", "language", "surname", "us_state"})
#: CLDR languages, in the order that decides a shared form's rule ("Canada" is en, not fr).
LANGUAGES: Final = ("en", "fr", "es")
#: "&" in CLDR names ("Bosnia & Herzegovina") as prose writes it.
_AND: Final = {"en": "and", "fr": "et", "es": "y"}
_PAREN: Final = re.compile(r"\s*\([^)]*\)")
_SPACES: Final = re.compile(r"\s+")
_CODE: Final = re.compile(r"[A-Z]{2}")


def normalize_form(text: str) -> str:
    """The lookup key of a form: NFC, typographic apostrophe as ``'``, spaces collapsed.

    ``services.enrichment.countries`` applies the same folding to what it matched (its regex
    accepts either apostrophe and any single space there).
    """
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return _SPACES.sub(" ", text).strip()


def valid_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus XK (Kosovo, the user-assigned code CLDR and the EU use)."""
    return frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})


# --------------------------------------------------------------------------------------------
# The curated file


class _Name(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    code: str
    forms: list[str]
    note: str
    lang: str = "en"
    confidence: float = 1.0
    checks: list[str] = []
    alt: list[str] = []


class _Demonym(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    lang: str
    forms: list[str]
    note: str
    # Demonyms are weaker evidence than names ("the Russian" can be a person's nationality).
    confidence: float = 0.9
    checks: list[str] = []
    alt: list[str] = []


class _City(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    code: str
    forms: list[str]
    note: str
    # A city implies its country only: the release may be about the city, not the state.
    confidence: float = 0.9
    checks: list[str] = []


class _Subdivision(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    code: str
    forms: list[str]
    note: str


class _Forms(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    forms: list[str]
    note: str


class _Adjust(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    forms: list[str]
    note: str
    confidence: float | None = None
    checks: list[str] = []


class Curated(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    about: str
    names: list[_Name]
    demonyms: list[_Demonym]
    cities: list[_City]
    subdivisions: list[_Subdivision]
    blocks: list[_Forms]
    drops: list[_Forms]
    adjust: list[_Adjust]


def load_curated(path: Path = CURATED) -> Curated:
    return msgspec.json.decode(path.read_bytes(), type=Curated)


# --------------------------------------------------------------------------------------------
# Building


class BuildError(ValueError):
    """The sources disagree in a way a human has to settle in the curated file."""


def _entry(
    code: str,
    kind: str,
    rule: str,
    src: str,
    *,
    confidence: float = 1.0,
    checks: Iterable[str] = (),
    alt: Iterable[str] = (),
    label: str = "",
) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": code, "kind": kind, "rule": rule, "src": [src]}
    if confidence != 1.0:
        entry["confidence"] = confidence
    if checks:
        entry["checks"] = sorted(set(checks))
    if alt:
        entry["alt"] = list(alt)
    if label:
        entry["label"] = label
    return entry


def _generated_forms(name: str, lang: str) -> tuple[list[str], bool]:
    """Prose forms of one ISO/CLDR name (none for inverted index forms), and whether they are
    weak: cut from a parenthetical that told two territories apart ("Saint-Martin (partie
    néerlandaise)"), so that another territory's plain name wins over them.
    """
    if "," in name:
        return [], False  # "Korea, Republic of": never written that way in prose
    base = _PAREN.sub("", name).strip()
    base = base.removeprefix("the ")  # pycountry: "the State of Palestine"
    forms = [base]
    if " & " in base:
        forms.append(base.replace(" & ", f" {_AND[lang]} "))
    if " - " in base:
        forms.append(base.replace(" - ", "-"))  # CLDR en "Congo - Kinshasa"
    return forms, base != name.strip()


def _generated(codes: frozenset[str]) -> dict[str, dict[str, Any]]:
    """Names from pycountry and CLDR, keyed by normalized form."""
    found: dict[str, dict[str, Any]] = {}
    weak: set[str] = set()

    def add(name: str, code: str, lang: str, src: str) -> None:
        forms, is_weak = _generated_forms(name, lang)
        for form in forms:
            key = normalize_form(form)
            old = found.get(key)
            if old is not None and old["code"] != code:
                if is_weak:
                    continue
                if key not in weak:
                    raise BuildError(f"{key!r}: {old['code']} ({old['src']}) and {code} ({src})")
                old = None
            if old is None:
                found[key] = _entry(code, "country", f"countries:name:{lang}", src)
                weak.discard(key)
                if is_weak:
                    weak.add(key)
            else:
                if not is_weak:
                    weak.discard(key)
                if src not in old["src"]:
                    old["src"].append(src)

    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if isinstance(value, str):
                add(value, country.alpha_2, "en", f"iso:{field}")
    for lang in LANGUAGES:
        territories = Locale(lang).territories
        for code in sorted(territories):
            if code in codes:
                add(territories[code], code, lang, f"cldr:{lang}")
    return found


def _check_fields(
    where: str, code: str | None, checks: Sequence[str], codes: frozenset[str]
) -> None:
    if code is not None and (not _CODE.fullmatch(code) or code not in codes):
        raise BuildError(f"{where}: {code!r} is not an ISO 3166-1 alpha-2 code (nor XK)")
    unknown = set(checks) - CHECKS
    if unknown:
        raise BuildError(f"{where}: unknown checks {sorted(unknown)}")


class _Merge:
    """The gazetteer being built: generated forms, then the curated lists applied in order."""

    def __init__(self, generated: dict[str, dict[str, Any]], codes: frozenset[str]) -> None:
        self.forms = generated
        self.generated = set(generated)
        self.codes = codes
        self.dropped: set[str] = set()
        self.curated: dict[str, str] = {}  # key -> which curated list set it
        self.subdivisions: dict[str, dict[str, Any]] = {}

    def drop(self, drops: Iterable[_Forms]) -> None:
        for drop in drops:
            for form in drop.forms:
                key = normalize_form(form)
                if self.forms.pop(key, None) is None:
                    raise BuildError(f"drops: {form!r} is not a generated form")
                self.dropped.add(key)
                self.generated.discard(key)

    def put(self, form: str, entry: dict[str, Any], where: str) -> None:
        key = normalize_form(form)
        old = self.forms.get(key)
        if old is not None and key in self.curated:
            if old["code"] != entry["code"] or old["kind"] != entry["kind"]:
                raise BuildError(f"{where}: {key!r} already {old['code']} in {self.curated[key]}")
            return  # same meaning listed twice (fr and es "kosovar"): the first keeps it
        if old is not None and old["code"] != entry["code"] and key not in self.dropped:
            raise BuildError(f"{where}: {key!r} is generated as {old['code']}; add a drop first")
        if old is not None:
            entry["src"] = entry["src"] + old["src"]
        self.forms[key] = entry
        self.curated[key] = where

    def names(self, names: Iterable[_Name]) -> None:
        for name in names:
            where = f"names {name.id}"
            _check_fields(where, name.code, name.checks, self.codes)
            for code in name.alt:
                _check_fields(where, code, (), self.codes)
            for form in name.forms:
                rule = f"countries:curated:{name.id}"
                entry = _entry(
                    name.code, "country", rule, "curated",
                    confidence=name.confidence, checks=name.checks, alt=name.alt,
                )  # fmt: skip
                self.put(form, entry, where)

    def demonyms(self, demonyms: Iterable[_Demonym]) -> None:
        for dem in demonyms:
            where = f"demonyms {dem.forms[0]}"
            _check_fields(where, dem.code, dem.checks, self.codes)
            for code in dem.alt:
                _check_fields(where, code, (), self.codes)
            for form in dem.forms:
                rule = f"countries:demonym:{dem.lang}"
                entry = _entry(
                    dem.code, "country", rule, "curated",
                    confidence=dem.confidence, checks=dem.checks, alt=dem.alt,
                )  # fmt: skip
                self.put(form, entry, where)

    def cities(self, cities: Iterable[_City]) -> None:
        for city in cities:
            where = f"cities {city.id}"
            _check_fields(where, city.code, city.checks, self.codes)
            for form in city.forms:
                if not form[:1].isupper():
                    # The matcher looks for cities among capitalised forms only (a fast scan).
                    raise BuildError(f"{where}: {form!r} must start with a capital letter")
                rule = f"countries:city:{city.id}"
                entry = _entry(
                    city.code, "city", rule, "curated",
                    confidence=city.confidence, checks=city.checks, label=city.id,
                )  # fmt: skip
                self.put(form, entry, where)

    def states(self, subdivisions: Iterable[_Subdivision]) -> None:
        """States and provinces: a table of their own for datelines ("Atlanta, Georgia" is US),
        and matchable forms where no country or city has the form, so that "New Mexico" and
        "New South Wales" are consumed whole and name nothing.
        """
        for sub in subdivisions:
            _check_fields(f"subdivisions {sub.id}", sub.code, (), self.codes)
            rule = f"countries:subdivision:{sub.id}"
            for form in sub.forms:
                key = normalize_form(form)
                self.subdivisions[key] = _entry(sub.code, "subdivision", rule, "curated")
                if key not in self.forms:
                    self.forms[key] = _entry(sub.code, "subdivision", rule, "curated")

    def blocks(self, blocks: Iterable[_Forms]) -> None:
        for block in blocks:
            for form in block.forms:
                key = normalize_form(form)
                if key in self.forms:
                    raise BuildError(f"blocks: {form!r} is also {self.forms[key]['code']}")
                self.forms[key] = {"kind": "block", "rule": "countries:block", "src": ["curated"]}

    def adjust(self, adjustments: Iterable[_Adjust]) -> None:
        for adjust in adjustments:
            _check_fields(f"adjust {adjust.forms[0]}", None, adjust.checks, self.codes)
            for form in adjust.forms:
                entry = self.forms.get(normalize_form(form))
                if entry is None or entry["kind"] == "block":
                    raise BuildError(f"adjust: {form!r} is not a form")
                if adjust.confidence is not None:
                    entry["confidence"] = adjust.confidence
                if adjust.checks:
                    entry["checks"] = sorted(set(entry.get("checks", ())) | set(adjust.checks))


def build(curated_path: Path = CURATED) -> dict[str, Any]:
    """The gazetteer as a JSON-ready dict (deterministic for given library versions)."""
    curated = load_curated(curated_path)
    codes = valid_codes()
    merge = _Merge(_generated(codes), codes)
    merge.drop(curated.drops)
    merge.names(curated.names)
    merge.demonyms(curated.demonyms)
    merge.cities(curated.cities)
    merge.states(curated.subdivisions)
    merge.blocks(curated.blocks)
    merge.adjust(curated.adjust)
    forms = merge.forms
    kinds: dict[str, int] = {}
    for entry in forms.values():
        kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
    return {
        "about": (
            "Generated by services/enrichment/data/build_countries.py from pycountry, CLDR "
            "(babel) and countries_curated.json. Do not edit: edit the curated file and rebuild."
        ),
        "versions": {"babel": babel.__version__, "pycountry": _version("pycountry")},
        "counts": {
            "forms": len(forms),
            "generated": len(merge.generated - set(merge.curated)),
            "subdivisions": len(merge.subdivisions),
            **dict(sorted(kinds.items())),
        },
        "forms": dict(sorted(forms.items())),
        "subdivisions": dict(sorted(merge.subdivisions.items())),
    }


def _version(distribution: str) -> str:
    return importlib.metadata.version(distribution)


def render(data: dict[str, Any]) -> str:
    """Deterministic JSON, one form per line so that rebuilds diff readably."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    lines = ["{"]
    lines.append(f'  "about": {dump(data["about"])},')
    lines.append(f'  "versions": {dump(data["versions"])},')
    lines.append(f'  "counts": {dump(data["counts"])},')
    for section in ("forms", "subdivisions"):
        table: dict[str, Any] = data[section]
        lines.append(f'  "{section}": {{')
        items = [f"    {dump(key)}: {dump(value)}" for key, value in table.items()]
        lines.append(",\n".join(items))
        lines.append("  }," if section == "forms" else "  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--curated", type=Path, default=CURATED, help="curated input")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="where to write the gazetteer")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        data = build(args.curated)
    except BuildError as exc:
        sys.stderr.write(f"build_countries: {exc}\n")
        return 2
    text = render(data)
    out: Path = args.out
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            sys.stderr.write(f"{out} is stale: rebuild it\n")
            return 1
        sys.stdout.write(f"{out} is up to date\n")
        return 0
    out.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{k} {v}" for k, v in data["counts"].items())
    sys.stdout.write(f"wrote {out} ({len(text.encode())} bytes): {counts}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
