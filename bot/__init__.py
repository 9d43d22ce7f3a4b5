"""deploybot: keeps a Discord community informed about military deployments abroad."""

__version__ = "0.1.0"
