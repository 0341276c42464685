"""Text for people: the message catalogues (loader, schema and YAML mistakes, argparse's words),
plurals and Italian formats of numbers, money and dates."""
