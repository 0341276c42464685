"""Input and output helpers that know nothing of a household: the strict YAML reader and writer,
atomic files, where a command may write, git, and the forked validation workers."""
