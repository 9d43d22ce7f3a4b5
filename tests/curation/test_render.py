"""One line of a draft's diff, as a curator reads it."""

from bot.curation.render import item_line
from bot.i18n import Language
from bot.storage.drafts import StoredItem


def _partner(**fields: str) -> StoredItem:
    proposed = {
        "table": "partner",
        "change": "new-partner",
        "fields": {"mission": "minusma", "role": "supported", **fields},
    }
    return StoredItem(item=0, proposed=proposed)


def test_a_partner_organisation_is_named_as_the_facts_name_it_not_by_its_id() -> None:
    item = _partner(organisation="un")
    line = item_line(item, Language.EN, {"minusma": "MINUSMA"}, {"un": "United Nations"})
    assert line == "• partner · MINUSMA: new partner United Nations (supported host-nation force)"
    assert "nieuwe partner Verenigde Naties (" in item_line(item, Language.NL, None, {"un": "Verenigde Naties"})
    # an organisation the facts do not know yet keeps its id, and a country its name and flag
    assert "new partner nato-x (" in item_line(_partner(organisation="nato-x"), Language.EN, None, {})
    assert "new partner 🇳🇴 Norway (" in item_line(_partner(country="NO"), Language.EN)
