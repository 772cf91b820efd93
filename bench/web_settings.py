"""Settings of the throughput benchmark's server: the product's, plus two reference views.

The hello view (``/bench-hello/``), the baseline every page is compared with, and the bare
site frame (``/fr/bench-frame/``) are mounted here only (``bench/web_urls.py``), never in
the product's URLs.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.web_urls"
