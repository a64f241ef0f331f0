"""What a pre-publish request asks for besides its article: the payload's shape, whether images
are fetched, whether the answer comes later, and where it goes.

Each of these changes the decision or its destination, so they travel inside the signed body
(a top-level `captioncheck` object; `callback_url` may also be a top-level field), never in
the query string, which the signature does not cover: the route refuses them there (400).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.errors import InputError

OPTIONS_KEY = "captioncheck"
CALLBACK_KEY = "callback_url"
# The query parameters that once carried these options; now refused where they are unsigned.
QUERY_OPTIONS = ("format", "images", "async", "callback_url")


class HookOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["article", "wordpress", "arc"] | None = Field(
        None, description="payload shape; default: told from the payload")
    images: Literal["fetch", "skip"] = Field("fetch", description="skip: check captions only, fetch no image")
    run_async: bool = Field(False, alias="async", description="answer 202 at once; result to the callback")
    callback_url: str | None = Field(None, description="where to POST the result (implies async)")

    @property
    def answers_later(self) -> bool:
        return self.run_async or self.callback_url is not None


def read_options(data: Any) -> tuple[HookOptions, Any]:
    """The options a decoded body carries, and the payload without them; InputError names the bad field."""
    if not isinstance(data, dict):
        return HookOptions(), data
    payload = {key: value for key, value in data.items() if key not in (OPTIONS_KEY, CALLBACK_KEY)}
    given = data.get(OPTIONS_KEY, {})
    if not isinstance(given, dict):
        raise InputError("must be an object, e.g. {\"images\": \"skip\", \"async\": true}", field=OPTIONS_KEY)
    options = _validated(given)
    top_level = data.get(CALLBACK_KEY)
    if top_level is not None:
        if options.callback_url is not None and options.callback_url != top_level:
            raise InputError(f"{CALLBACK_KEY} and {OPTIONS_KEY}.{CALLBACK_KEY} differ; send one",
                             field=CALLBACK_KEY)
        if not isinstance(top_level, str):
            raise InputError("must be a string", field=CALLBACK_KEY)
        options = options.model_copy(update={"callback_url": top_level})
    return options, payload


def _validated(given: dict[str, Any]) -> HookOptions:
    try:
        return HookOptions.model_validate(given)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in (OPTIONS_KEY, *first["loc"]))
        raise InputError(str(first["msg"]), field=where) from None
