"""Subcommands of `tohome`: one module each, with NAME, HELP, configure(parser) and run(args) -> int."""
