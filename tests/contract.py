"""Contract check: request bodies the bot sent, against Discord's official OpenAPI spec.

The spec is vendored in ``vendor/discord-api/`` (see its README); a missing spec is an error, never a skip.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[1] / "vendor" / "discord-api" / "openapi.json"
SPEC_URI = "urn:discord-openapi"

# discord.py sends these snowflakes as integers, which Discord accepts; the spec says strings.
_SNOWFLAKE_KEYS = {"message_id", "channel_id", "guild_id", "users", "roles", "id", "recipient_id"}


class SpecMissing(FileNotFoundError):
    """The vendored spec is not where the contract check looks for it."""


@cache
def _spec() -> dict[str, Any]:
    if not SPEC_PATH.is_file():
        raise SpecMissing(f"Discord's OpenAPI spec is missing: expected it at {SPEC_PATH} (vendor/discord-api/)")
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


@cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    spec = _spec()
    routes = []
    for template in spec["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template))
        routes.append((re.compile(f"^{pattern}$"), template))
    # Literal segments (@original, @me) before parameters.
    routes.sort(key=lambda r: r[1].count("{"))
    return routes


@cache
def _validator(template: str, method: str) -> Draft202012Validator | None:
    spec = _spec()
    operation = spec["paths"][template].get(method.lower())
    if not operation or "requestBody" not in operation:
        return None
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    rooted = _reroot(schema)
    return Draft202012Validator(rooted, registry=registry)


def _reroot(schema: Any) -> Any:
    """Make the spec's local ``#/…`` references absolute, so they resolve from an operation's schema."""
    if isinstance(schema, dict):
        return {k: (SPEC_URI + v if k == "$ref" and v.startswith("#") else _reroot(v)) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_reroot(v) for v in schema]
    return schema


def _as_strings(body: Any, key: str = "") -> Any:
    if isinstance(body, dict):
        return {k: _as_strings(v, k) for k, v in body.items()}
    if isinstance(body, list):
        return [_as_strings(v, key) for v in body]
    if isinstance(body, int) and not isinstance(body, bool) and key in _SNOWFLAKE_KEYS:
        return str(body)
    return body


def violations(method: str, path: str, body: Any) -> list[str]:
    """Every way ``body`` breaks the spec for ``method path`` (an empty list when it conforms)."""
    routes = _routes()  # loads the spec even for a request without a body: a missing spec always shows
    if body is None:
        return []
    template = next((t for pattern, t in routes if pattern.match(path)), None)
    if template is None:
        return [f"{method} {path}: not a route in the spec"]
    validator = _validator(template, method)
    if validator is None:
        return []
    return [
        f"{method} {template} at /{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator.iter_errors(_as_strings(body))
    ]
