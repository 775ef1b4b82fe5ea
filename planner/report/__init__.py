"""Outputs of the planner: files for people (CSV, XLSX, HTML) and for tools (JSON)."""
