"""The loopback Discord: a REST + gateway server for the real discord.py client, and the sandbox prompt."""
