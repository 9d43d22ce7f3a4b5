"""Answers name commands with Discord's command mentions, which every client shows in its own language."""

from bot.i18n import Language
from bot.render.mentions import CommandMentions
from bot.render.missions import help_card
from bot.sandbox.session import Sandbox


def mention(sandbox: Sandbox, name: str) -> str:
    """What Discord's client turns into a clickable, localized command: ``</config resume:ID>``."""
    return f"</{name}:{sandbox.server.command(name.split()[0])['id']}>"


async def test_help_names_commands_as_mentions_not_in_the_answers_language(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator)
    await sandbox.driver.slash("config language", language="nl")  # the server answers in Dutch …
    sandbox.driver.act_as(member=sandbox.member, locale="en-US")  # … to a member whose client is English
    help_text = (await sandbox.driver.slash("help")).embed["description"]
    for command in ("mission", "partners", "missions", "upcoming", "timeline", "about"):
        assert mention(sandbox, command) in help_text
    assert "/missie" not in help_text and "/over" not in help_text and "/tijdlijn" not in help_text


async def test_the_mission_card_points_to_the_timeline_by_mention(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(locale="nl")
    card = (await sandbox.driver.slash("mission", name="erbil")).embed
    dates = next(f["value"] for f in card["fields"] if f["name"] == "Belangrijke data")
    assert dates.endswith(f"{mention(sandbox, 'timeline')} erbil toont alle data")
    assert "tijdlijn" not in card["footer"]["text"]  # a footer shows no mentions: the hint is not there


async def test_config_names_its_subcommands_by_mention(sandbox: Sandbox) -> None:
    sandbox.driver.act_as(member=sandbox.moderator, locale="nl")
    assert (await sandbox.driver.slash("config test")).content == (
        f"Nog geen aankondigingskanaal: stel er een in met {mention(sandbox, 'config channel')}."
    )
    await sandbox.driver.slash("config channel", channel="#announcements")
    await sandbox.driver.slash("config pause")
    show = (await sandbox.driver.slash("config show")).embed
    health = next(f["value"] for f in show["fields"] if f["name"] == "Status")
    assert health == f"Gepauzeerd door een moderator ({mention(sandbox, 'config resume')})."


async def test_a_restarted_bot_asks_discord_for_the_ids_without_syncing_again(sandbox: Sandbox) -> None:
    await sandbox.restart_bot()
    syncs = [r for r in sandbox.server.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 2  # only the sandbox's own sync at the start: global, and /owner in the home server
    help_text = (await sandbox.driver.slash("help")).embed["description"]
    assert mention(sandbox, "timeline") in help_text


def test_without_ids_commands_are_named_plainly_in_english() -> None:
    mentions = CommandMentions()
    assert mentions("config resume") == "/config resume"
    dutch_help = help_card(Language.NL, mentions)["description"]
    assert "/timeline" in dutch_help and "/tijdlijn" not in dutch_help
    known = CommandMentions({"timeline": "</timeline:42>"})
    assert known("timeline") == "</timeline:42>" and known("about") == "/about"
    assert known == CommandMentions({"timeline": "</timeline:42>"}) and known != mentions


async def test_help_tells_members_they_can_follow_a_mission_themselves(sandbox: Sandbox) -> None:
    """/help is how a member finds out what the bot does: following by DM is one of those things."""
    help_text = (await sandbox.driver.slash("help")).embed["description"]
    assert f"{mention(sandbox, 'follow mission')} — " in help_text
    assert f"{mention(sandbox, 'following')} — " in help_text
    sandbox.driver.act_as(locale="nl")
    dutch = (await sandbox.driver.slash("help")).embed["description"]
    assert "direct bericht" in dutch
