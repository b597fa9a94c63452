"""The name search engine (aodcli.search): keys, Hangul, ranking, properties, the index stored on disk."""
