"""The line outline that hover, completion, symbols and go-to-definition read: on every record that
parses it places each key and value where the real loader does, and on a half-typed line it still
knows which field the cursor is in."""

from __future__ import annotations

import pytest
from helpers import EXAMPLES, ROOT, tohome

from tohome_tools.core import pointer as jp
from tohome_tools.editor import outline
from tohome_tools.io import loader


def _agrees(text: str) -> list[str]:
    """Where the outline and the loader disagree on a record the loader reads."""
    loaded = loader.load_text(text)
    if loaded.data is None or loaded.problems:
        return []
    tree = outline.read(text)
    found = {entry.pointer: entry for entry in tree.entries}
    wrong = [f"missing {p}" for p in loaded.positions if p and p not in found]
    for entry in tree.entries:
        if entry.key is not None and loaded.key_positions.get(entry.pointer) != (entry.line + 1, entry.key_col + 1):
            wrong.append(f"key {entry.pointer}")
        if entry.value is not None:
            if loaded.positions.get(entry.pointer) != (entry.line + 1, entry.value_col + 1):
                wrong.append(f"value place {entry.pointer}")
            value = jp.resolve(loaded.data, entry.pointer)
            if not isinstance(value, (bool, type(None))) and str(value) != entry.value:
                wrong.append(f"value {entry.pointer}: {value!r} != {entry.value!r}")
    return wrong


def test_outline_agrees_with_the_loader_on_every_example_and_shipped_record():
    files = [*EXAMPLES.glob("*/*/*.yaml"), *(ROOT / "records").glob("*.yaml")]
    assert len(files) > 100
    for path in files:
        assert _agrees(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.slow
def test_outline_agrees_with_the_loader_on_synthetic_records(tmp_path):
    done = tohome("synth", "--households", "300", "--seed", "3", "--out", str(tmp_path / "records"), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "records").glob("*.yaml"))
    assert len(files) == 300
    for path in files:
        assert _agrees(path.read_text(encoding="utf-8")) == [], path


TEXT = """id: TH-4-0001
household:
  members:
    - key: M1
      role: head
    - key: M2
      rol
  notes: |
    primo: secondo
    terzo
payments:
  - {month: "2019-03", measure: H1, amount: 250.00}
pact:
  signed_by: [M1, ]
"""


@pytest.mark.parametrize("line, column, role, pointer", [
    (0, 5, "value", "/id"),
    (4, 7, "key", "/household/members/0/role"),
    (4, 13, "value", "/household/members/0/role"),
    (6, 9, "new-key", "/household/members/1"),          # a key typed without its colon yet
    (8, 6, "value", "/household/notes"),                # inside a block text: the text's field
    (11, 33, "value", "/payments/0/measure"),
    (11, 7, "key", "/payments/0/month"),
    (13, 14, "value", "/pact/signed_by/0"),
])
def test_spot_on_half_typed_lines(line, column, role, pointer):
    spot = outline.read(TEXT).spot(line, column)
    assert (spot.role, spot.pointer) == (role, pointer), spot


def test_a_block_text_is_not_read_as_fields():
    tree = outline.read(TEXT)
    assert tree.find("/household/notes/primo") is None
    assert tree.find("/payments/0/amount").value == "250.00"
