"""deploybot: keeps a Discord community informed about military deployments abroad."""

from bot.zones import use_bundled_tzdata

__version__ = "0.1.0"

use_bundled_tzdata()
