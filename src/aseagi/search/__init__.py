"""Ranked full-text search over documents and messages, and the match condition the listings filter on."""
