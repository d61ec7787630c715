"""Indonesian first, English on request: `?lang=en` (remembered in a cookie) or the cookie alone.

Templates write both texts at the call site, `t("Masuk", "Sign in")`, so a page reads in its
own language and no catalogue drifts out of step with the templates.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context
from starlette.requests import Request

LANGS = ("id", "en")
COOKIE = "alur_lang"


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(COOKIE)
    return kept if kept in LANGS else "id"


@pass_context
def translate(context: Any, indonesian: str, english: str) -> str:
    return english if context.get("lang") == "en" else indonesian


def install(env: Environment) -> None:
    env.globals["t"] = translate
