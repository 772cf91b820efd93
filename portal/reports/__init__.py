"""Progress reports: compiled by a worker from a frozen snapshot, as PDF and spreadsheet,
in both languages (README.md)."""
