"""The kinds of record in the knowledge base, one row each: adding a kind is adding a row.

Everything that names a kind reads this table: the store (sections, record types, display
names), validation, the lookups, the CLI (``netcli list``, the command that shows one record),
completion and the views. It imports nothing of netcli, so that shell completion, which answers
before the rest of netcli loads, can read it too; the record type is named, and
``tests/knowledge`` checks each name against ``model.KnowledgeBase``.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Kind(NamedTuple):
    section: str  # the file's list of these records, and the store's section: "sites"
    record: str  # the record type in netcli.knowledge.model: "Site"
    name_field: str  # the field a record is shown and found by: "name"; a term's is "term"
    noun: str | None = None  # one record in words, "tumour type"; None: not looked up by name
    command: str | None = None  # `netcli site NAME` shows one record
    listed: str | None = None  # `netcli list sites` shows them all

    def display_name(self, record: Any) -> str:
        """The name a record of this kind is shown and found by."""
        return str(getattr(record, self.name_field))


# The kinds found by name come first, in the order netcli shows them (search hits, "is also a").
KINDS: tuple[Kind, ...] = (
    Kind("drugs", "Drug", "name", "drug", "drug", "drugs"),
    Kind("treatments", "Treatment", "name", "treatment", "treatment", "treatments"),
    Kind("sites", "Site", "name", "tumour type", "site", "sites"),
    Kind("glossary", "Term", "term", "glossary term", "glossary", "glossary"),
    Kind("topics", "Topic", "name", "topic", "topic", "topics"),
    Kind("sources", "Source", "title", "source", "source", "sources"),
    Kind("questions", "Question", "text"),
    Kind("ask", "AskTemplate", "text"),
    Kind("principles", "Principle", "name"),
)
BY_SECTION: dict[str, Kind] = {k.section: k for k in KINDS}
# The kinds found by name (and looked through by `search`), in the order netcli shows them.
NAMED: tuple[Kind, ...] = tuple(k for k in KINDS if k.noun is not None)
