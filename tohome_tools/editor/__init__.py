"""The language server (`tohome lsp`): `validate`'s findings, and help with typing, inside an editor.

A face over the same engine as the command line: the server feeds the buffer as typed to
`records.validate` and words the findings with `cli.texts`, never with rules or messages of its own.
Needs the `editor` install (pygls); nothing else imports this package.
"""
