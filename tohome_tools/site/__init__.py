"""The public site's generators: pure functions that turn the release, the programme configuration,
the schema and the rule registry into Markdown pages and SVG charts under docs/.

The privacy boundary is the release: nothing in this package reads records/ or imports the record
loader (a test checks the imports). Everything here takes data and returns text or bytes; writing
files and running MkDocs happen in `tohome_tools.site.build` and the `tohome site` command.
"""
