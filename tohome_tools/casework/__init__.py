"""What case managers use every day, from valid records: budget, deadlines and calendar, the
project sheet, a record's history, the template of `tohome new`, synthetic records and the
private ESF/ESF+ indicators."""
