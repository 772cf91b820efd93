"""Settings of the throughput benchmark's server: the product's, plus a hello view.

The hello view (``/bench-hello/``) is the baseline every page is compared with; it is
mounted here only, never in the product's URLs.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.web_urls"
