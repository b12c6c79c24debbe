"""Loading, validating, caching and looking up the knowledge base."""

# A knowledge base larger than this is refused before it is parsed.
MAX_BYTES = 20 * 1024 * 1024
