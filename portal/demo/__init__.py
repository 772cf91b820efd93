"""Demo data: the seeds' real content in French and English, plus generated demo work.

``content`` holds the data as plain Python; ``loader.demo_load()`` writes it, idempotently.
"""
