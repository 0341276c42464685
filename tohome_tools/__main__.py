from tohome_tools.cli import run

raise SystemExit(run())
