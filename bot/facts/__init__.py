"""Deployment facts: the model, parsing ``data/``, and the as-of snapshot the bot answers from."""
