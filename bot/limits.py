"""Discord's documented limits, in one place: the renderer keeps within them, the loopback Discord enforces them."""

from __future__ import annotations

import unicodedata

# Messages
CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR_NAME = 256
EMBEDS_TOTAL = 6000  # title, description, field names and values, footer and author of all embeds together
NONCE = 25

# Attachments
ATTACHMENTS_PER_MESSAGE = 10
ATTACHMENT_DESCRIPTION = 1024  # the alt text
ATTACHMENT_FILENAME = 1024
ATTACHMENT_SIZE = 10 * 1024 * 1024  # a bot's upload limit in a server without boosts

# Components
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
BUTTON_LABEL = 80
CUSTOM_ID = 100

# Application commands
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS = 25
COMMAND_CHOICES = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
GLOBAL_COMMANDS = 100
COMMAND_TOTAL_CHARACTERS = 8000  # names, descriptions and values, localizations included
AUTOCOMPLETE_CHOICES = 25

# Interactions
MODAL_TITLE = 45
MODAL_ROWS = 5  # 1–5 text inputs, one per row
TEXT_INPUT_LABEL = 45
TEXT_INPUT_VALUE = 4000
TEXT_INPUT_PLACEHOLDER = 100
INTERACTION_FIRST_RESPONSE_SECONDS = 3
INTERACTION_TOKEN_MINUTES = 15

# Rate limits
GLOBAL_REQUESTS_PER_SECOND = 50
ANNOUNCEMENTS_PER_SECOND = 48  # our own pace for fan-out, just under the global limit: no 429 storms


def is_command_name(name: str) -> bool:
    """Discord's ``^[-_'\\p{L}\\p{N}]{1,32}$``, in lower case where the letter has one."""
    if not 1 <= len(name) <= COMMAND_NAME_MAX or name != name.lower():
        return False
    return all(c in "-_'" or unicodedata.category(c)[0] in "LN" for c in name)


def embed_length(embed: dict[str, object]) -> int:
    """The characters of one embed that count towards :data:`EMBEDS_TOTAL`."""

    def text(value: object) -> int:
        return len(value) if isinstance(value, str) else 0

    total = text(embed.get("title")) + text(embed.get("description"))
    footer, author = embed.get("footer"), embed.get("author")
    if isinstance(footer, dict):
        total += text(footer.get("text"))
    if isinstance(author, dict):
        total += text(author.get("name"))
    fields = embed.get("fields")
    if isinstance(fields, list):
        total += sum(text(f.get("name")) + text(f.get("value")) for f in fields if isinstance(f, dict))
    return total


# Guild scheduled events
EVENT_NAME = 100
EVENT_DESCRIPTION = 1000
EVENT_LOCATION = 100
ACTIVE_EVENTS_PER_GUILD = 100  # scheduled or active events a server may have at once
MAX_EVENTS_CODE = 30038  # Discord's error code when a create would pass those 100
