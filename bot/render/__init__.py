"""Facts → text and embeds within Discord's limits, in Dutch and English. Shared by commands and announcements."""
