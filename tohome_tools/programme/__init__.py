"""The programme: finding the project, its typed configuration (`Programme`) and the JSON Schema
check with located findings."""
