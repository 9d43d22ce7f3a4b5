"""Files a bot sends with a message: ``multipart/form-data`` with ``payload_json`` and ``files[n]``, read as
Discord reads it, checked against Discord's rules, and kept so that tests (and the sandbox prompt) can open them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import orjson

from bot import limits
from bot.sandbox.rules import FormErrors, Path
from bot.sandbox.wire import DiscordError

_FILE_FIELD = re.compile(r"^files\[(\d+)\]$")


@dataclass(frozen=True, slots=True)
class Upload:
    """One ``files[n]`` part."""

    index: int
    filename: str
    content_type: str
    data: bytes


def is_multipart(content_type: str) -> bool:
    return content_type.lower().startswith("multipart/form-data")


def parse_multipart(raw: bytes, content_type: str) -> tuple[Any, dict[int, Upload]]:
    """``payload_json`` (decoded) and the uploads by their index; a body Discord could not read is 400 / 50109."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    if not message.is_multipart():
        raise DiscordError(400, 50109, "The request body contains invalid JSON.")
    payload: Any = None
    uploads: dict[int, Upload] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        raw_data = part.get_payload(decode=True)
        data = raw_data if isinstance(raw_data, bytes) else b""
        if name == "payload_json":
            try:
                payload = orjson.loads(data)
            except ValueError:
                raise DiscordError(400, 50109, "The request body contains invalid JSON.") from None
        elif isinstance(name, str) and (match := _FILE_FIELD.match(name)):
            filename = part.get_filename() or ""
            uploads[int(match.group(1))] = Upload(int(match.group(1)), filename, part.get_content_type(), data)
    return payload, uploads


def check_attachments(
    errors: FormErrors,
    prefix: Path,
    attachments: Any,
    uploads: dict[int, Upload],
    size_limit: int = 0,
    kept: frozenset[int] = frozenset(),
) -> None:
    """Discord's rules for ``attachments`` with the uploaded files: at most 10, each naming an uploaded
    ``files[n]`` by its id, a file name (1–1024 characters, no path), a description of at most 1024 characters,
    and no file over the upload limit (Discord answers that one with 413 / 40005). ``kept``: the ids of the
    attachments an edited message has already, which an edit may list to keep them."""
    size_limit = size_limit or limits.ATTACHMENT_SIZE
    if len(uploads) > limits.ATTACHMENTS_PER_MESSAGE:
        errors.add((*prefix, "attachments"), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    for upload in uploads.values():
        if len(upload.data) > size_limit:
            raise DiscordError(413, 40005, "Request entity too large")
    if attachments is None:
        return
    if not isinstance(attachments, list):
        errors.add((*prefix, "attachments"), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
        return
    for i, attachment in enumerate(attachments):
        at = (*prefix, "attachments", i)
        if not isinstance(attachment, dict):
            errors.add(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            continue
        description = attachment.get("description")
        if description is not None and (
            not isinstance(description, str) or len(description) > limits.ATTACHMENT_DESCRIPTION
        ):
            errors.add((*at, "description"), "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.")
        filename = attachment.get("filename")
        if filename is not None and (
            not isinstance(filename, str) or not 1 <= len(filename) <= limits.ATTACHMENT_FILENAME or "/" in filename
        ):
            errors.add((*at, "filename"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 1024 in length.")
        try:
            index = int(attachment["id"])
        except (KeyError, TypeError, ValueError):
            errors.add((*at, "id"), "NUMBER_TYPE_COERCE", "Value is not int.")
            continue
        if index not in uploads and index not in kept:
            errors.add((*at, "id"), "ATTACHMENT_NOT_FOUND", f"Cannot find the file for attachment {index}.")
