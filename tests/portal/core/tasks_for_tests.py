"""A Celery task used by the page cache's tests: it adds a public initiative, as a real
task changes what public pages show."""

from config.celery import app


@app.task(name="tests.portal.core.add_initiative")
def add_initiative() -> None:
    from tests import factories

    factories.InitiativeFactory()
