"""Erasing households from a records repository at the end of retention: from the working tree, from
every commit of every branch and tag, from commit messages and from every derived file the tool keeps,
with a proof over every object afterwards (see devdocs/erasure.md)."""
