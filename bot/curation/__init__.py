"""Curating the facts from Discord: a draft from ingest, diffed against today's facts, reviewed, published."""
