"""The domain of Willay: vault, records, search, vocabularies. Never imports Qt."""
