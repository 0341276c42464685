"""The face: `main` parses the command line, finds the commands in `commands/`, renders findings
(`formats`) and is the only place that prints."""
