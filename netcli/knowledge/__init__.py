"""Loading, validating, caching and looking up the knowledge base."""

from pathlib import Path

# A knowledge base larger than this is refused before it is parsed.
MAX_BYTES = 20 * 1024 * 1024


def default_kb_path() -> Path:
    """The shipped knowledge base: inside the installed package, else the checkout's data/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data" / "treatments.yaml"
    return packaged if packaged.is_file() else here.parent / "data" / "treatments.yaml"
