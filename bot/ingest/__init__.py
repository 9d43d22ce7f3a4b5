"""Drafting deployment facts from a Dutch news article, each traced to the words it came from."""
