"""Need to know: one repository per lot, the city's gathering them, and moving households between
them (see devdocs/lots.md): the migration from one repository, the city's programme version kept in
every lot, the lots' clones at the city level, and a household's transfer with its history."""
