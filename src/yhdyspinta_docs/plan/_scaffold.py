"""``yhdyspinta-docs init``: a commented plan file to start from, and finding what is unfilled.

The bundled ``templates/plan-template.yaml`` is a complete, minimal plan in plain Finnish:
every key has a comment, and every value the user must write is a placeholder string
``"TÄYTÄ: <what to write>"``. ``templates/plan-template-sv.yaml`` is the same plan for a
Swedish-speaking region: comments and texts in Swedish (``kieli: sv``), placeholders
``"FYLL I: <what to write>"``; the keys are Finnish in both, as in every plan file.
:func:`find_placeholders` lists the placeholders still left in parsed plan data, so a
validator can report each with its line and field path: a value that starts with the
placeholder word, or that has the word and its colon anywhere in it (``"Pohjois-Savo (TÄYTÄ:
tarkista)"``).

Usage::

    from yhdyspinta_docs.plan._scaffold import init_region

    path = init_region(Path("pohjois-savo"), region="Pohjois-Savo")   # pohjois-savo/plan.yaml
    path = init_region(Path("osterbotten"), region="Österbotten", language="sv")
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError, YhdyspintaError

if TYPE_CHECKING:
    from ._fields import Lang

__all__ = [
    "PLACEHOLDER",
    "PLACEHOLDERS",
    "PLAN_FILE",
    "find_placeholders",
    "init_region",
    "is_placeholder",
    "placeholder_word",
    "template_text",
]

PLACEHOLDERS = {"fi": "TÄYTÄ", "sv": "FYLL I"}
"""The word that starts a value still to be written, in each language's plan template."""
PLACEHOLDER = PLACEHOLDERS["fi"]
PLAN_FILE = "plan.yaml"
TEMPLATES = {"fi": ("templates", "plan-template.yaml"),
             "sv": ("templates", "plan-template-sv.yaml")}

_REGION_LINE = re.compile(r'^alue: "(?:TÄYTÄ|FYLL I):[^"\n]*"[ \t]*$', re.MULTILINE)
# At the start of a text: TÄYTÄ as a word of its own: "TÄYTÄ: …", "täytä", but not
# "Täytäntöönpano …"; FYLL I in capitals or with its colon ("fyll i: …"), but not a text that
# begins "Fyll i blanketten".
_PLACEHOLDER_RE = re.compile(r"\s*(?:(?i:täytä)(?![^\W\d_])|FYLL\s+I(?![^\W\d_])|(?i:fyll\s+i):)")
# Anywhere in a text: either word, in any case, not glued to a letter before it, and followed
# by its colon ("Pohjois-Savo (TÄYTÄ: tarkista)"); "täytäntöön:" or "fyll i blanketten" is not.
_PLACEHOLDER_INSIDE_RE = re.compile(r"(?<![^\W\d_])(?i:täytä|fyll\s+i)[ \t]*:")

PlaceholderPath = tuple[str | int, ...]


def is_placeholder(value: Any) -> bool:
    """True when `value` is a string that starts with the word ``TÄYTÄ`` (any case, after
    spaces), e.g. ``"TÄYTÄ: kunnan nimi"``, or with ``FYLL I`` (in capitals, or any case
    followed by a colon), e.g. ``"FYLL I: kommunens namn"``; or that has either word, in any
    case, followed by a colon anywhere in it, e.g. ``"Pohjois-Savo (TÄYTÄ: tarkista)"`` or
    ``"Vasa (fyll i: kontrollera)"``. A text such as ``"Täytäntöönpano …"``,
    ``"… täytäntöön …"`` or ``"Fyll i blanketten"`` is not."""
    return isinstance(value, str) and _placeholder_at(value) is not None


def _placeholder_at(text: str) -> re.Match[str] | None:
    """Where the placeholder word of `text` is: at its start, else the first one followed by
    its colon; None if `text` is no placeholder."""
    return _PLACEHOLDER_RE.match(text) or _PLACEHOLDER_INSIDE_RE.search(text)


def find_placeholders(data: Any) -> list[tuple[PlaceholderPath, str]]:
    """Return ``(field path, text)`` for every placeholder string in parsed YAML `data` (see
    :func:`is_placeholder`: one that starts with the placeholder word, or has the word and its
    colon inside it).

    `data` is plain parsed YAML (mappings, lists, strings, numbers …); paths use the plan
    file's keys and list indexes, e.g. ``(("osapuolet", 2, "nimi"), "TÄYTÄ: …")``, in the
    order of the file. Keys themselves are not placeholders.
    """
    return list(_walk(data, (), {}))


def _walk(data: Any, path: PlaceholderPath, seen: dict[int, bool]
          ) -> Iterator[tuple[PlaceholderPath, str]]:
    # `seen`: whether each string already looked at is a placeholder, by its identity; an
    # alias repeats the same string object, and a long text repeated by 200,000 aliases
    # would otherwise be searched 200,000 times
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from _walk(value, path + (str(key),), seen)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from _walk(value, path + (i,), seen)
    elif isinstance(data, str):
        found = seen.get(id(data))
        if found is None:
            found = seen[id(data)] = is_placeholder(data)
        if found:
            yield path, data.strip()


def template_text(language: Lang = "fi") -> str:
    """Return the text of the bundled commented plan template in `language` (fi or sv)."""
    from .._assets import bundled_path  # only for init: validate reads plans without it

    if language not in TEMPLATES:
        raise YhdyspintaError(f"there is no plan template in {language!r}; the templates are "
                              f"in {' and '.join(TEMPLATES)}")
    path = bundled_path(*TEMPLATES[language])
    if path is None:
        raise YhdyspintaError(f"the plan template {'/'.join(TEMPLATES[language])} is missing "
                              "from this installation; reinstall yhdyspinta-docs")
    return path.read_text("utf-8")


def placeholder_word(found: str) -> str:
    """The placeholder word of a found placeholder text (the one it starts with, else the
    first followed by its colon), as the templates write it (``TÄYTÄ`` or ``FYLL I``), for a
    message that tells what to replace."""
    at = _placeholder_at(found)
    word = at.group(0).lstrip() if at else found.lstrip()
    return PLACEHOLDERS["sv"] if word[:4].casefold() == "fyll" else PLACEHOLDER


# The genitive of each region's name, the form the examples use ("Keski-Suomen liitto"), by
# its last part: "Pohjois-Savo" is "Pohjois-" + "Savon". A name not here (Helsinki or
# Vantaa-Kerava, whose county is not a region with a regional council) keeps the template's
# examples of the region (its municipalities become made-up ones, never another region's):
# an example is better right than guessed.
_GENITIVES = {
    "Uusimaa": "Uudenmaan", "Suomi": "Suomen", "Satakunta": "Satakunnan", "Häme": "Hämeen",
    "Pirkanmaa": "Pirkanmaan", "Kymenlaakso": "Kymenlaakson", "Karjala": "Karjalan",
    "Savo": "Savon", "Pohjanmaa": "Pohjanmaan", "Kainuu": "Kainuun", "Lappi": "Lapin",
    "Ahvenanmaa": "Ahvenanmaan",
}
_EXAMPLES = {  # language → (the example region's genitive, its plan id's stem, "in" + it)
    "fi": ("Keski-Suomen", "keski-suomi", None),
    "sv": ("Österbottens", "osterbotten", "i Österbotten"),
}


def _region_examples(text: str, name: str, language: Lang) -> str:
    """`text` with the example region of its placeholders and comments (Keski-Suomi,
    Österbotten) replaced by the region `name`, where its forms are known, and the example
    municipalities by the region's own (made-up ones where the region is not known:
    :mod:`._scaffold_towns`)."""
    from ._inflect import swedish_genitive
    from ._scaffold_towns import region_in, with_towns

    text = with_towns(text, name, language)
    genitive, stem, inside = _EXAMPLES[language]
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold().translate(str.maketrans("äöå", "aoa")))
    name = region_in(name, language)  # the examples' texts name it in their language
    last = name.rpartition("-")[2]
    if language == "sv":
        own = swedish_genitive(name)
    elif last in _GENITIVES and " " not in name:
        own = name[:len(name) - len(last)] + _GENITIVES[last]
    else:
        return text
    text = text.replace(genitive, own).replace(f"{stem}-2026", f"{slug.strip('-')}-2026")
    return text.replace(inside, f"i {name}") if inside else text


def _with_region(text: str, region: str, language: Lang = "fi") -> str:
    name = " ".join(region.split())
    if not name:
        raise YhdyspintaError("the region name is empty; give it as e.g. --region Keski-Suomi, "
                              "or leave it out and fill 'alue' in the file")
    if is_placeholder(name):
        raise YhdyspintaError(f"{region!r} is not a region name; give e.g. Keski-Suomi")
    import json  # only for init: validate reads plans without it

    quoted = json.dumps(name, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    new, count = _REGION_LINE.subn(lambda _: f"alue: {quoted}", text, count=1)
    if count != 1:
        raise YhdyspintaError("the plan template has no 'alue' placeholder line")
    return _region_examples(new, name, language)


def init_region(directory: Path, *, region: str | None = None, force: bool = False,
                language: Lang = "fi") -> Path:
    """Write the commented plan template as ``directory/plan.yaml`` and return its path.

    `language` chooses the template: ``fi`` (Finnish) or ``sv`` (Swedish: comments, texts
    and ``kieli`` in Swedish). `region` fills ``alue`` (the region's name), and the examples
    of the placeholders name it (``esim. Pohjois-Savon liitto``) where its forms are known,
    and its own municipalities (``esim. siilinjarvi``, ``Kuopion kaupunki``), or made-up ones
    (``esim. esimerkkila``) for a name that is not a region's; everything else stays a
    ``TÄYTÄ:`` (``FYLL I:``) placeholder. The directory is created
    if needed. An existing plan file is replaced only with `force` (a symbolic link named
    ``plan.yaml`` not even then, since it leads to a plan elsewhere); otherwise
    :class:`~yhdyspinta_docs.errors.OutputError`. The file is written atomically (temporary
    file and rename).
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: is a file; give a directory for the plan")
    target = directory / PLAN_FILE
    if target.is_symlink():  # a plan kept elsewhere: never replaced by the template
        raise OutputError(f"{target}: is a symbolic link, and init writes a new plan file, "
                          "never through a link: remove the link, or choose another directory")
    if target.exists() and not force:
        raise OutputError(f"{target}: exists already; use force=True to replace it with the "
                          "template, or choose another directory")
    text = template_text(language)
    if region is not None:
        text = _with_region(text, region, language)
    from ..output import write_atomic  # only init writes; loading a plan does not

    write_atomic(target, text.encode("utf-8"), force=force)
    return target
