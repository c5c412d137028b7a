"""California case-number forms, read from ``rules/docket_forms.yaml`` (keys documented at its top).

Kept apart from ``dockets.py`` so the types and the loading of data hold no extraction logic. A typo in
the file fails loudly with the form's name, never silently drops a county's numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, get_args

import yaml

FormKind = Literal["juvenile", "family", "appeal"]
Context = Literal["anywhere", "supported"]
DASH_OR_SPACE = r"(?:[ \t]*[-‐‑‒–—―−][ \t]*|[ \t])"
"""What ``<sep>`` in a pattern stands for."""
FORMS_FILE = "docket_forms.yaml"


class DocketFormError(ValueError):
    """The forms file is malformed; the message names the form and what to fix."""


@dataclass(frozen=True)
class DocketForm:
    name: str
    """What the form is, in plain words."""
    kind: FormKind
    """The mention's ``kind``."""
    pattern: str
    """The regular expression for the number alone, ``<sep>`` already expanded."""
    ignore_case: bool
    """Whether the letters may be written in lower case."""
    context: Context
    """``anywhere``: the shape is enough; ``supported``: a label, caption, column or listing must back it."""
    examples: tuple[str, ...]
    """Numbers of this form, checked by the tests."""


def parse_forms(document: object) -> tuple[DocketForm, ...]:
    """Validate the YAML document; every error names the form to fix."""
    if not isinstance(document, dict) or not isinstance(document.get("forms"), list):
        raise DocketFormError(f"{FORMS_FILE}: expected a top-level 'forms:' list")
    forms = []
    for index, entry in enumerate(document["forms"]):
        label = entry.get("name", f"form #{index + 1}") if isinstance(entry, dict) else f"form #{index + 1}"
        try:
            forms.append(_form(entry))
        except (KeyError, TypeError, ValueError, re.error) as error:
            raise DocketFormError(f"{FORMS_FILE}: {label}: {error}") from error
    return tuple(forms)


def _form(entry: dict[str, object]) -> DocketForm:
    kind, context = entry["kind"], entry.get("context", "supported")
    if kind not in get_args(FormKind):
        raise ValueError(f"kind {kind!r} is not one of {', '.join(get_args(FormKind))}")
    if context not in get_args(Context):
        raise ValueError(f"context {context!r} is not one of {', '.join(get_args(Context))}")
    pattern = str(entry["pattern"]).replace("<sep>", DASH_OR_SPACE)
    compiled = re.compile(pattern, re.IGNORECASE if entry.get("ignore_case") else 0)
    if compiled.groups:
        raise ValueError("use (?:…) groups: a capturing group would shadow the form's own")
    examples = tuple(str(example) for example in entry.get("examples", []) or [])  # type: ignore[attr-defined]
    for example in examples:
        if not compiled.fullmatch(example):
            raise ValueError(f"example {example!r} does not match the pattern")
    return DocketForm(
        name=str(entry["name"]),
        kind=kind,  # type: ignore[arg-type]
        pattern=pattern,
        ignore_case=bool(entry.get("ignore_case", False)),
        context=context,  # type: ignore[arg-type]
        examples=examples,
    )


@cache
def load_forms() -> tuple[DocketForm, ...]:
    text = resources.files("aseagi.analysis.rules").joinpath(FORMS_FILE).read_text(encoding="utf-8")
    return parse_forms(yaml.safe_load(text))
