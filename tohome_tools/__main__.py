from tohome_tools.cli.main import run

raise SystemExit(run())
