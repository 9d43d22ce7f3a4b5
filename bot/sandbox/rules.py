"""Discord's rules for what a bot sends, answered the way Discord answers: HTTP 400, code 50035."""

from __future__ import annotations

from typing import Any

from bot import limits

Path = tuple[str | int, ...]


class FormErrors:
    """Errors keyed by the path of the offending field, as in Discord's ``Invalid Form Body`` answers."""

    def __init__(self) -> None:
        self.items: list[tuple[Path, str, str]] = []

    def add(self, path: Path, code: str, message: str) -> None:
        self.items.append((path, code, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def body(self) -> dict[str, Any]:
        tree: dict[str, Any] = {}
        for path, code, message in self.items:
            node = tree
            for part in path:
                node = node.setdefault(str(part), {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return {"code": 50035, "message": "Invalid Form Body", "errors": tree}

    def describe(self) -> list[str]:
        return [".".join(str(p) for p in path) + f": {message}" for path, _, message in self.items]


def _max_length(errors: FormErrors, path: Path, value: Any, maximum: int, minimum: int = 0) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        errors.add(path, "STRING_TYPE_CONVERT", "Could not interpret value as string.")
    elif len(value) > maximum:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {maximum} or fewer in length.")
    elif len(value) < minimum:
        errors.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {minimum} and {maximum} in length.")


def check_message(payload: dict[str, Any], errors: FormErrors | None = None, prefix: Path = ()) -> FormErrors:
    """A message create/edit body (also the ``data`` of an interaction response)."""
    errors = errors if errors is not None else FormErrors()
    _max_length(errors, (*prefix, "content"), payload.get("content"), limits.CONTENT)
    embeds = payload.get("embeds") or []
    if len(embeds) > limits.EMBEDS_PER_MESSAGE:
        errors.add(
            (*prefix, "embeds"),
            "BASE_TYPE_MAX_LENGTH",
            f"Must be {limits.EMBEDS_PER_MESSAGE} or fewer in length.",
        )
    total = 0
    for i, embed in enumerate(embeds):
        at = (*prefix, "embeds", i)
        _max_length(errors, (*at, "title"), embed.get("title"), limits.EMBED_TITLE)
        _max_length(errors, (*at, "description"), embed.get("description"), limits.EMBED_DESCRIPTION)
        _max_length(errors, (*at, "footer", "text"), (embed.get("footer") or {}).get("text"), limits.EMBED_FOOTER)
        _max_length(errors, (*at, "author", "name"), (embed.get("author") or {}).get("name"), limits.EMBED_AUTHOR_NAME)
        fields = embed.get("fields") or []
        if len(fields) > limits.EMBED_FIELDS:
            errors.add((*at, "fields"), "BASE_TYPE_MAX_LENGTH", f"Must be {limits.EMBED_FIELDS} or fewer in length.")
        for j, field in enumerate(fields):
            _max_length(errors, (*at, "fields", j, "name"), field.get("name"), limits.EMBED_FIELD_NAME, 1)
            _max_length(errors, (*at, "fields", j, "value"), field.get("value"), limits.EMBED_FIELD_VALUE, 1)
        total += limits.embed_length(embed)
    if total > limits.EMBEDS_TOTAL:
        errors.add((*prefix, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    _check_allowed_mentions(errors, (*prefix, "allowed_mentions"), payload.get("allowed_mentions"))
    nonce = payload.get("nonce")
    if isinstance(nonce, str) and len(nonce) > limits.NONCE:
        errors.add((*prefix, "nonce"), "BASE_TYPE_MAX_LENGTH", f"Must be {limits.NONCE} or fewer in length.")
    _check_components(errors, (*prefix, "components"), payload.get("components") or [])
    return errors


def _check_allowed_mentions(errors: FormErrors, path: Path, mentions: Any) -> None:
    if mentions is None:
        return
    if not isinstance(mentions, dict):
        errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    parse = mentions.get("parse", [])
    if not isinstance(parse, list) or any(p not in {"roles", "users", "everyone"} for p in parse):
        errors.add((*path, "parse"), "ENUM_TYPE_COERCE", "Value must be one of {'roles', 'users', 'everyone'}.")
        return
    for kind in ("users", "roles"):
        ids = mentions.get(kind)
        if ids is None:
            continue
        if kind in parse:
            errors.add(
                (*path, "parse"),
                "SET_TYPE_ALREADY_CONTAINS_VALUE",
                f"parse:{kind} and {kind} are mutually exclusive",
            )
        if not isinstance(ids, list) or len(ids) > 100 or not all(str(i).isdigit() for i in ids):
            errors.add((*path, kind), "BASE_TYPE_MAX_LENGTH", "Must be at most 100 snowflakes.")


def _check_components(errors: FormErrors, path: Path, rows: list[Any]) -> None:
    if len(rows) > limits.ACTION_ROWS:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limits.ACTION_ROWS} or fewer in length.")
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if len(children) > limits.BUTTONS_PER_ROW:
            errors.add((*path, i, "components"), "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
        for j, child in enumerate(children):
            _max_length(errors, (*path, i, "components", j, "label"), child.get("label"), limits.BUTTON_LABEL)
            _max_length(errors, (*path, i, "components", j, "custom_id"), child.get("custom_id"), limits.CUSTOM_ID)


def check_modal(payload: Any) -> FormErrors:
    """A modal (interaction response type 9): a title, 1–5 rows of one text input each (an action row, or a
    label holding it), labels, values and custom ids within Discord's limits."""
    errors = FormErrors()
    if not isinstance(payload, dict):
        errors.add((), "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
        return errors
    _max_length(errors, ("title",), payload.get("title") or "", limits.MODAL_TITLE, minimum=1)
    _max_length(errors, ("custom_id",), payload.get("custom_id") or "", limits.CUSTOM_ID, minimum=1)
    rows = payload.get("components") or []
    if not 1 <= len(rows) <= limits.MODAL_ROWS:
        errors.add(("components",), "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {limits.MODAL_ROWS} in length.")
    for i, row in enumerate(rows):
        path: Path = ("components", i)
        if row.get("type") == 18:  # a label holding its component
            _max_length(errors, (*path, "label"), row.get("label") or "", limits.TEXT_INPUT_LABEL, minimum=1)
            inputs = [row.get("component") or {}]
        else:
            inputs = row.get("components") or []
            if row.get("type") != 1 or len(inputs) != 1:
                errors.add(path, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A modal row holds exactly one text input.")
        for j, text_input in enumerate(inputs):
            where = (*path, "components", j)
            if text_input.get("type") != 4:
                errors.add((*where, "type"), "COMPONENT_TYPE_INVALID", "Only text inputs are handled here.")
            _max_length(errors, (*where, "custom_id"), text_input.get("custom_id") or "", limits.CUSTOM_ID, 1)
            _max_length(errors, (*where, "label"), text_input.get("label"), limits.TEXT_INPUT_LABEL, minimum=1)
            _max_length(errors, (*where, "value"), text_input.get("value"), limits.TEXT_INPUT_VALUE)
            _max_length(errors, (*where, "placeholder"), text_input.get("placeholder"), limits.TEXT_INPUT_PLACEHOLDER)
    return errors


def check_autocomplete(choices: Any) -> FormErrors:
    errors = FormErrors()
    if not isinstance(choices, list):
        errors.add(("choices",), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
        return errors
    if len(choices) > limits.AUTOCOMPLETE_CHOICES:
        errors.add(("choices",), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, choice in enumerate(choices):
        _max_length(errors, ("choices", i, "name"), choice.get("name"), limits.CHOICE_NAME_MAX, 1)
        value = choice.get("value")
        if isinstance(value, str):
            _max_length(errors, ("choices", i, "value"), value, limits.CHOICE_VALUE_MAX)
    return errors


def _command_text(command: dict[str, Any]) -> int:
    """Characters that count towards the 8000 per command: names, descriptions, values, localizations."""
    total = len(command.get("name", "")) + len(command.get("description", ""))
    for table in ("name_localizations", "description_localizations"):
        total += sum(len(v) for v in (command.get(table) or {}).values())
    for option in command.get("options") or []:
        total += _command_text(option)
    for choice in command.get("choices") or []:
        total += len(choice.get("name", "")) + len(str(choice.get("value", "")))
        total += sum(len(v) for v in (choice.get("name_localizations") or {}).values())
    return total


def _check_named(errors: FormErrors, path: Path, item: dict[str, Any], needs_description: bool) -> None:
    name = item.get("name", "")
    if not isinstance(name, str) or not limits.is_command_name(name):
        errors.add((*path, "name"), "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")
    for locale, local in (item.get("name_localizations") or {}).items():
        if not limits.is_command_name(local):
            errors.add((*path, "name_localizations", locale), "APPLICATION_COMMAND_INVALID_NAME", "Invalid name")
    description = item.get("description", "")
    if needs_description:
        _max_length(errors, (*path, "description"), description, limits.COMMAND_DESCRIPTION_MAX, 1)
        for locale, local in (item.get("description_localizations") or {}).items():
            _max_length(errors, (*path, "description_localizations", locale), local, limits.COMMAND_DESCRIPTION_MAX, 1)


def _check_options(errors: FormErrors, path: Path, options: list[dict[str, Any]]) -> None:
    if len(options) > limits.COMMAND_OPTIONS:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, option in enumerate(options):
        at = (*path, i)
        _check_named(errors, at, option, needs_description=True)
        choices = option.get("choices") or []
        if len(choices) > limits.COMMAND_CHOICES:
            errors.add((*at, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, choice in enumerate(choices):
            _max_length(errors, (*at, "choices", j, "name"), choice.get("name"), limits.CHOICE_NAME_MAX, 1)
        _check_options(errors, (*at, "options"), option.get("options") or [])


def check_commands(commands: Any, global_scope: bool) -> FormErrors:
    """A bulk overwrite of application commands."""
    errors = FormErrors()
    if not isinstance(commands, list):
        errors.add((), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
        return errors
    if global_scope and len(commands) > limits.GLOBAL_COMMANDS:
        errors.add((), "BASE_TYPE_MAX_LENGTH", f"Must be {limits.GLOBAL_COMMANDS} or fewer in length.")
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        _check_named(errors, (i,), command, needs_description=kind == 1)
        _check_options(errors, (i, "options"), command.get("options") or [])
        if _command_text(command) > limits.COMMAND_TOTAL_CHARACTERS:
            errors.add((i,), "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)")
        if (kind, command.get("name", "")) in seen:
            errors.add((i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
        seen.add((kind, command.get("name", "")))
    return errors


def check_event(event: dict[str, Any]) -> FormErrors:
    """A scheduled event as it would be after a create or an edit: Discord's lengths, and what an external
    event needs (a location and an end time)."""
    errors = FormErrors()
    name = event.get("name")
    if name is None:
        errors.add(("name",), "BASE_TYPE_REQUIRED", "This field is required")
    _max_length(errors, ("name",), name, limits.EVENT_NAME, 1)
    _max_length(errors, ("description",), event.get("description"), limits.EVENT_DESCRIPTION)
    if event.get("privacy_level") != 2:
        errors.add(("privacy_level",), "ENUM_TYPE_COERCE", "Value must be one of {2}.")
    if event.get("entity_type") not in (1, 2, 3):
        errors.add(("entity_type",), "ENUM_TYPE_COERCE", "Value must be one of {1, 2, 3}.")
    if event.get("entity_type") == 3:
        location = (event.get("entity_metadata") or {}).get("location")
        if location is None:
            errors.add(("entity_metadata", "location"), "BASE_TYPE_REQUIRED", "This field is required")
        _max_length(errors, ("entity_metadata", "location"), location, limits.EVENT_LOCATION, 1)
        if event.get("scheduled_end_time") is None:
            errors.add(("scheduled_end_time",), "BASE_TYPE_REQUIRED", "This field is required")
        if event.get("channel_id") is not None:
            errors.add(("channel_id",), "BASE_TYPE_BAD_VALUE", "An external event has no channel.")
    return errors
