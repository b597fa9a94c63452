"""The data pack: the bundled one and its facts, bad packs refused in one line, the record declarations."""
