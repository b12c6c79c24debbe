"""How an option stands against the answers: the values the engine gives and ``--json`` shows.

Said once here; the views word them (``render/words.py``), the core compares against these names.
Stdlib only, so that a view can import it without loading the engine.
"""

MATCHES = "matches"
DEPENDS = "depends"
SOURCES_DIFFER = "sources-differ"
NOT_SUITABLE = "not-suitable"
# Had already (the answers say so), and only for a NET that comes back: see engine's ``_done``,
# ``_later``.
DONE = "done"
LATER = "if-it-comes-back"
# What an answer would do when the rule needs another answer too, or the team's word.
STILL_DEPENDS = "still-depends"
