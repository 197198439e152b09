"""Interop: what csassess reads from and writes for other tools. For now, results out as CSV,
XLSX and JSON (`export`)."""
