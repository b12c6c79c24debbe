"""How an option stands against the answers: the values the engine gives and ``--json`` shows.

Said once here; the views word them (``render/words.py``), the core compares against these names.
Stdlib only, so that a view can import it without loading the engine.
"""

MATCHES = "matches"
DEPENDS = "depends"
SOURCES_DIFFER = "sources-differ"
NOT_SUITABLE = "not-suitable"
