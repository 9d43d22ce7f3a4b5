from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

TOKEN = "M" * 24 + "." + "G" * 6 + "." + "x" * 38


def test_defaults() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.token is None
    assert settings.database == Path("deploybot.sqlite3")
    assert settings.data_dir == Path("data")
    assert str(settings.timezone) == "Europe/Amsterdam"
    assert settings.owner_ids == frozenset() and settings.dev_guild_id is None


def test_the_database_is_a_path_or_a_postgresql_url() -> None:
    url = "postgresql://deploybot:secret@db.example.org/deploybot"
    assert load_settings({"DEPLOYBOT_DATABASE": url}, env_file=None).database == url
    assert load_settings({"DEPLOYBOT_DATABASE": "x/bot.db"}, env_file=None).database == Path("x/bot.db")
    with pytest.raises(SettingsError, match=r"DEPLOYBOT_DATABASE: mysql:// is not a database this bot knows"):
        load_settings({"DEPLOYBOT_DATABASE": "mysql://h/db"}, env_file=None)


def test_values_from_env_file_and_environment(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"DISCORD_TOKEN={TOKEN}\nDEPLOYBOT_TIMEZONE=UTC\nDEPLOYBOT_OWNER_IDS=1, 2\n", encoding="utf-8")
    settings = load_settings({"DEPLOYBOT_TIMEZONE": "Europe/Brussels"}, env_file=env)
    assert settings.token is not None and settings.token.reveal() == TOKEN
    assert str(settings.timezone) == "Europe/Brussels"  # the process environment wins
    assert settings.owner_ids == frozenset({1, 2})


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEPLOYBOT_TIMEZONE", "Mars/Olympus", "DEPLOYBOT_TIMEZONE: 'Mars/Olympus' is not an IANA time zone"),
        ("DEPLOYBOT_LOG_LEVEL", "chatty", "DEPLOYBOT_LOG_LEVEL: 'CHATTY' is not one of"),
        ("DEPLOYBOT_DEV_GUILD_ID", "abc", "DEPLOYBOT_DEV_GUILD_ID: 'abc' is not a Discord id"),
        ("DEPLOYBOT_OWNER_IDS", "1,x", "DEPLOYBOT_OWNER_IDS: 'x' is not a Discord id"),
        ("DISCORD_TOKEN", "short secret", "DISCORD_TOKEN: does not look like a bot token"),
    ],
)
def test_invalid_settings_name_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({variable: value}, env_file=None)
    assert str(caught.value).startswith(message)
    assert caught.value.variable == variable


def test_the_token_never_shows_itself() -> None:
    settings = load_settings({"DISCORD_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.token)
