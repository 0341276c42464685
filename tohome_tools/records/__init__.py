"""The records: discovery, validation (schema and the rule registry in `rules/`), the valid
`RecordSet` and the summary cache. Only casework and the release read from here."""
