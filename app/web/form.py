"""The web form's state: what the user typed (kept for re-display), errors keyed by field,
uploads keyed by figure slot, and the article built from it.

A "slot" is one figure fieldset on the page; empty slots are skipped, so slot numbers
and the article's figure indices can differ (`ArticleForm.slot_of` maps one to the other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData, UploadFile

from app.errors import InputError
from app.http.session import CSRF_FIELD
from app.inputs import parse_article
from app.schema import ArticleIn
from app.settings import Settings

DEFAULT_SLOTS = 3
MORE_SLOTS = 3
_SLOT_FIELD = re.compile(r"^(caption|credit|image)-(\d{1,6})$")
_FIGURE_FIELD = re.compile(r"^figures?[\[-](\d+)\]?(?:\.(\w+))?")
_TOP_FIELDS = ("headline", "body", "published")
# Text fields posted once per form besides _TOP_FIELDS: the slot count and the session's CSRF token.
_FORM_FIELDS = ("figures", CSRF_FIELD)
_BAD_DATE = "Enter a real date as year-month-day, for example 2024-05-31."


@dataclass
class FigureSlot:
    slot: int
    caption: str = ""
    credit: str = ""
    filename: str = ""  # the file the user chose; browsers cannot re-fill file inputs
    errors: dict[str, str] = field(default_factory=dict)  # "caption" | "credit" | "image"

    @property
    def number(self) -> int:
        """1-based, for people."""
        return self.slot + 1

    @property
    def is_empty(self) -> bool:
        return not self.caption and not self.filename and not self.credit


@dataclass
class ArticleForm:
    headline: str = ""
    body: str = ""
    published: str = ""
    figures: list[FigureSlot] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # headline | body | published | form
    slot_of: list[int] = field(default_factory=list)  # article figure index -> slot

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(slot.errors for slot in self.figures)

    def error_summary(self) -> list[tuple[str, str]]:
        """(element id, message) for every error, in page order."""
        items = [(name, self.errors[name]) for name in _TOP_FIELDS if name in self.errors]
        for slot in self.figures:
            for part in ("image", "caption", "credit"):
                if part in slot.errors:
                    items.append((f"{part}-{slot.slot}", f"Figure {slot.number}: {slot.errors[part]}"))
        if "form" in self.errors:
            items.insert(0, ("form-errors", self.errors["form"]))
        return items


def blank_form(slots: int) -> ArticleForm:
    return ArticleForm(figures=[FigureSlot(i) for i in range(slots)])


def slot_count(requested: object, settings: Settings) -> int:
    """How many figure fieldsets to show: `?figures=N` (or the hidden field), within limits."""
    try:
        wanted = int(str(requested))
    except ValueError:
        wanted = DEFAULT_SLOTS
    return max(1, min(wanted, settings.max_figures))


def form_limits(settings: Settings) -> dict[str, int]:
    """Keyword arguments for `request.form(...)`, sized from the settings."""
    return {
        "max_files": settings.max_figures,
        "max_fields": len(_TOP_FIELDS) + len(_FORM_FIELDS) + 2 * settings.max_figures,  # + caption, credit
        "max_part_size": settings.max_text_chars * 4 + 1024,  # UTF-8: up to 4 bytes a character
    }


async def read_form(data: FormData, settings: Settings) -> tuple[ArticleForm, dict[int, bytes]]:
    """The form's values and the uploaded image bytes per slot; field errors recorded on the form."""
    form = ArticleForm(**{name: _text(data.get(name)) for name in _TOP_FIELDS})
    slots: dict[int, FigureSlot] = {}
    uploads: dict[int, bytes] = {}
    wanted = slot_count(data.get("figures", DEFAULT_SLOTS), settings)
    for name, value in data.multi_items():
        match = _SLOT_FIELD.match(name)
        if not match:
            continue
        part, index = match.group(1), int(match.group(2))
        if index >= settings.max_figures:
            form.errors["form"] = f"An article can have at most {settings.max_figures} figures."
            continue
        slot = slots.setdefault(index, FigureSlot(index))
        if part == "image":
            await _read_upload(slot, value, uploads, settings.max_image_bytes)
        else:
            setattr(slot, part, _text(value))
    count = max([wanted, *(i + 1 for i in slots)])
    form.figures = [slots.get(i, FigureSlot(i)) for i in range(count)]
    return form, uploads


async def _read_upload(slot: FigureSlot, value: Any, uploads: dict[int, bytes], max_bytes: int) -> None:
    if not isinstance(value, UploadFile):
        if _text(value):
            slot.errors["image"] = "Choose an image file."
        return
    data = await value.read(max_bytes + 1)
    slot.filename = value.filename or ""
    if not data:
        if slot.filename:
            slot.errors["image"] = "This file is empty. Choose the photo again."
        return
    if len(data) > max_bytes:
        slot.errors["image"] = f"This file is over the limit of {_megabytes(max_bytes)}. Choose a smaller photo."
        return
    uploads[slot.slot] = data
    slot.filename = slot.filename or "image"


def build_article(form: ArticleForm, uploads: dict[int, bytes]) -> tuple[ArticleIn, dict[int, bytes]] | None:
    """The article and its uploads keyed by figure index; None when the form has errors."""
    _check_required(form, uploads)
    if form.has_errors:
        return None
    used = [slot for slot in form.figures if not slot.is_empty]
    form.slot_of = [slot.slot for slot in used]
    data = {
        "headline": form.headline,
        "body": form.body,
        "published": form.published or None,
        "figures": [{"caption": s.caption, "credit": s.credit or None} for s in used],
    }
    try:
        article = parse_article(data)
    except InputError as err:
        apply_input_error(form, err)
        return None
    figure_uploads = {i: uploads[slot] for i, slot in enumerate(form.slot_of) if slot in uploads}
    return article, figure_uploads


def _check_required(form: ArticleForm, uploads: dict[int, bytes]) -> None:
    if not form.headline:
        form.errors["headline"] = "Enter the headline."
    if not form.body:
        form.errors["body"] = "Enter the article text."
    if form.published:
        try:
            ArticleIn.parse_iso_date(form.published)
        except ValueError:
            form.errors["published"] = _BAD_DATE
    for slot in form.figures:
        if not slot.caption and (slot.filename or slot.credit) and "caption" not in slot.errors:
            slot.errors["caption"] = (
                "Write a caption for this photo: every figure needs one."
                if slot.filename else "Write a caption for this figure, or clear its credit."
            )
    if form.figures and all(slot.is_empty for slot in form.figures):
        form.figures[0].errors["caption"] = (
            "Add at least one figure: a photo with its caption, or a caption on its own."
        )


def apply_input_error(form: ArticleForm, err: InputError) -> None:
    """Put the engine's or validator's error next to the field it names."""
    name = err.field or ""
    message = _plain(err.detail, name)
    if name in _TOP_FIELDS:
        form.errors[name] = message
        return
    match = _FIGURE_FIELD.match(name)
    if match and int(match.group(1)) < len(form.slot_of):
        slot = form.figures[form.slot_of[int(match.group(1))]]
        part = match.group(2) if match.group(2) in ("caption", "credit") else "image"
        if name.startswith("figures[") and match.group(2) is None:
            part = "caption"
        slot.errors[part] = message
        return
    form.errors["form"] = message


def _plain(detail: str, field_name: str) -> str:
    """Engine messages, worded for the person at the form."""
    if field_name == "published":
        return _BAD_DATE
    if field_name.endswith(".image") and detail.startswith(("not a readable image", "not an accepted image")):
        return "This file is not an image that can be read. Use a JPEG, PNG, GIF or WebP photo."
    if detail == "required field is missing":
        return "This field is required."
    text = detail.removeprefix("Value error, ")
    return text[:1].upper() + text[1:] if text else "This value is not valid."


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
