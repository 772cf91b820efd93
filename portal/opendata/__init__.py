"""Open data: the public figures and the public directory as CSV and JSON.

* :mod:`.datasets` — what each dataset is: its stable column names, types and meaning in
  both languages (the data dictionary shown on the page and written in the JSON metadata);
* :mod:`.selectors` — the reads: public initiatives, indicators and organisations only,
  approved values only, every figure from :func:`initiatives.selectors.approved_progress_of`
  (the computation the initiative page shows, through ``portal.core.figures.public_figure``);
* :mod:`.writers` — CSV (through the dashboard's ``as_csv``: UTF-8 with a byte-order mark,
  formula-neutralised text) and JSON (metadata and ``records``);
* :mod:`.views` — the page and the downloads, cached public pages (``portal.core.pagecache``).
"""
