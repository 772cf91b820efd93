# Production image: gunicorn serves the app, WhiteNoise serves the static files.
# Pango and the DejaVu fonts are what WeasyPrint needs to print the compiled reports.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 portal

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY portal ./portal
COPY priorities ./priorities
COPY partners ./partners
COPY initiatives ./initiatives
RUN pip install .
COPY . .

# Build-time only: compile the French catalogue and collect static files.
RUN DEBUG=1 python manage.py compilemessages --ignore .venv -l fr \
    && SECRET_KEY=build-only DEBUG=0 ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--logger-class", "portal.core.redaction.RedactingGunicornLogger"]
