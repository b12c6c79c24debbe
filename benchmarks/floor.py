"""The floor F: the least a lookup can do, honestly. Prints one record of a verified cache as JSON.

    python benchmarks/floor.py KB SECTION NAME     (the cache folder is $NETCLI_CACHE_DIR)

It does what every netcli lookup must do and nothing else: read the knowledge base's bytes, hash
them (SHA-256, the digest check that proves a cache came from exactly this file), find the SQLite
cache whose recorded digest is that one, look the name up in its names table, and print the
record as indented JSON. No command framework, no typed records, no terminal. `run.py` runs it with
the interpreter and the flags of netcli's console script, so the two start the same way.

It does not depend on how netcli names its cache files: any ``kb-*.sqlite`` in the folder whose
``meta`` row ``digest`` is the file's digest is the cache. Exits 1 when there is none (run netcli
once first) or the name is unknown.
"""

import hashlib
import json
import os
import sqlite3
import sys
import unicodedata
from pathlib import Path


def fold(text: str) -> str:
    """Enough of netcli's folding for plain names: no case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def main() -> int:
    kb, section, name = sys.argv[1:4]
    digest = hashlib.sha256(Path(kb).read_bytes()).hexdigest()
    for db in sorted(Path(os.environ["NETCLI_CACHE_DIR"]).glob("kb-*.sqlite")):
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
        except sqlite3.Error:
            row = None
        if row is None or row[0] != digest:
            conn.close()
            continue
        found = conn.execute(
            "SELECT r.data FROM names n JOIN records r ON r.section = n.section AND r.id = n.id"
            " WHERE n.section = ? AND n.key = ?",
            (section, fold(name)),
        ).fetchone()
        if found is None:
            return 1
        sys.stdout.write(json.dumps(json.loads(found[0]), indent=2, ensure_ascii=False) + "\n")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
