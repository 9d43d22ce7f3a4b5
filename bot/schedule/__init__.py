"""Scheduling announcements: planning (pure) and the dispatcher that posts them."""
