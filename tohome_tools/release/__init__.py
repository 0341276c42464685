"""Public releases: allow-listed aggregate tables with disclosure control (`tohome release`).

Data flow: records -> tables (aggregation, allow-list) -> suppression (primary, secondary, audited
by linear programming) -> history check (against releases already under release/) -> writer.
The output contract is devdocs/release-format.md.
"""
