"""Spreadsheet import of activities: ``reader`` opens the file, ``columns`` knows the
columns in both languages, ``services`` checks the rows and writes them."""
