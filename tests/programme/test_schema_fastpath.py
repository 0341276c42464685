"""The Rust pre-check (jsonschema-rs) may only ever skip the detailed check for a record that the
detailed Python path finds clean: otherwise a finding would silently disappear.

The cases are the shipped example records plus random mutations of a valid record with the values
where the two engines are known or likely to differ (integral Decimals, over-precise amounts,
non-finite numbers, impossible dates, trailing newlines, booleans, huge integers).
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from helpers import EXAMPLES
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tohome_tools.io import loader
from tohome_tools.programme import schemacheck

pytestmark = pytest.mark.skipif(schemacheck.jsonschema_rs is None, reason="jsonschema-rs not installed")


@pytest.fixture(scope="module")
def schema_path(settings) -> str:
    return settings.schema_path


@pytest.fixture(scope="module")
def base_data(base_record_text):
    return loader.load_text(base_record_text).data


def _detailed_errors(schema_path: str, data) -> list:
    return list(schemacheck.validator_for(schema_path).iter_errors(data))


LOADABLE = [p for p in sorted(EXAMPLES.rglob("*.yaml")) if loader.load_path(p).data is not None]


@pytest.mark.parametrize("path", LOADABLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_detailed_paths_give_the_same_findings(path, schema_path):
    loaded = loader.load_path(path)
    fast = schemacheck.check(loaded, path.name, schema_path, fast=True)
    detailed = schemacheck.check(loaded, path.name, schema_path, fast=False)
    assert fast == detailed


def test_a_clean_record_takes_the_fast_path(schema_path, base_data):
    assert not _detailed_errors(schema_path, base_data)
    assert schemacheck.fast_for(schema_path).conforms(base_data)


@pytest.mark.parametrize("field, value", [
    ("lot", Decimal("4.0")),  # an integer for the Rust engine, not for Python's
    ("lot", Decimal("4")),
    ("lot", True),
    ("lot", 10 ** 40),
    ("id", "TH-4-0001\n"),  # Python's `$` matches before a final newline
])
def test_known_differences_never_pass_as_clean(schema_path, base_data, field, value):
    data = copy.deepcopy(base_data)
    data[field] = value
    if _detailed_errors(schema_path, data):
        assert not schemacheck.fast_for(schema_path).conforms(data)


def test_an_over_precise_or_infinite_amount_is_left_to_the_detailed_path(schema_path, base_data):
    fast = schemacheck.fast_for(schema_path)
    for amount in (Decimal("12.345"), Decimal("Infinity")):
        data = copy.deepcopy(base_data)
        data["payments"][0]["amount"] = amount
        assert _detailed_errors(schema_path, data)
        assert not fast.conforms(data)


def test_integer_places_are_found_in_the_schema(schema_path):
    paths = schemacheck.fast_for(schema_path).integer_paths
    assert ("lot",) in paths
    assert ("household", "members", "*", "birth_year") in paths


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    else:
        yield path


TRICKY = st.one_of(
    st.sampled_from([Decimal("4.0"), Decimal("0.001"), Decimal("1E+3"), Decimal("-0.00"), Decimal("Infinity"),
                     True, False, None, 0, -1, 10 ** 20, "", " ", "2021-02-29", "2020-02-29",
                     "0000-01-01", "2021-13-01", "2021-1-01", "31/12/2021", "2021-06", "TH-4-0001\n", "4",
                     "1.234,56", [], {}, ["x"], {"x": 1}]),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10 ** 6, max_value=10 ** 6),
    st.integers(min_value=-10 ** 6, max_value=10 ** 6),
    st.text(max_size=12),
)


@hyp_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_record_is_clean_for_the_fast_path_only_if_clean_for_the_detailed_one(
        schema_path, base_data, data):
    record = copy.deepcopy(base_data)
    leaves = list(_leaves(record))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        path = data.draw(st.sampled_from(leaves))
        node = record
        for token in path[:-1]:
            node = node[token]
        node[path[-1]] = data.draw(TRICKY)
    if schemacheck.fast_for(schema_path).conforms(record):
        assert _detailed_errors(schema_path, record) == []
