"""tohome: docs-as-data toolkit for the TO HOME, verso casa housing-inclusion programme.

The core modules take data and return data; `tohome_tools.cli` is the only face that prints.
"""

__version__ = "0.1.0"
