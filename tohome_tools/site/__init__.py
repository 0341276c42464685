"""The public site's generators: pure functions that turn the release, the programme configuration,
the schema and the rule registry into Markdown pages and SVG charts under docs/.

- The privacy boundary is the release: nothing in this package reads records/ or loads, even
  indirectly, the modules that discover, validate or load records (the records package, apart
  from the rule registry's metadata), nor casework or the release builder (a test
  follows the imports in a fresh interpreter; another builds the site in a project with no
  records/, and one watches every file the generation opens). The strict YAML reader is loaded:
  the programme configuration is read with it. The staff guide's examples come from running `tohome` on synthetic
  records in a temporary folder, in a separate interpreter.
- Generated pages live in two folders only, `docs/statistiche/` and `docs/riferimenti/`; they are
  not committed (.gitignore): `tohome site` rebuilds them from release/, config/, schemas/ and the
  toolkit, none of which holds personal data. Everything else under docs/ is written by hand.
- The same generated docs/ builds with `mkdocs build --strict` and with `zensical build` (which
  runs no MkDocs plugins): pages are plain Markdown, so neither needs a plugin or a hook.
- Output is deterministic: same inputs, same bytes (charts use a fixed SVG hash salt and no date).

Modules: markdown (safe cells, ID masking), release_reader
(the contract in devdocs/release-format.md), charts, statistics, dictionary, rules_page,
programme_page, timeline, guide, build (generate, write, run MkDocs or Zensical).
"""
