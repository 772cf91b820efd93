"""Model instances read in bulk without ``Model.__init__``'s walk over every field.

``list(queryset)`` builds each row through ``Model.from_db``: ``__init__`` visits every
concrete field (twenty-odd on an initiative, most of them deferred by ``only()``), behind
modeltranslation's wrapper and Django's ``pre_init`` / ``post_init`` signals. For a page
that reads a thousand initiatives or the 250 organisations of a filter's list, that walk
costs more than the query (9 µs an initiative). :func:`instances` gives the same objects,
built as unpickling builds them: the loaded columns written into the instance's
``__dict__``, a fresh ``ModelState`` saying "loaded from this database"; the columns not
loaded stay deferred, and load on access, exactly as with ``only()``.

It only does so when nothing else would have happened in ``__init__``: no ``pre_init``
receiver, no ``post_init`` receiver but modeltranslation's (which only forgets a flag set
during ``__init__``), no ``select_related``, annotation, prefetch or known related objects.
Otherwise it is ``list(queryset)``. ``tests/portal/core/test_loading.py`` compares both.

The ground floor: imports no app of the project.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=Model)

# modeltranslation's post_init receiver: it deletes the ``_mt_init`` flag its ``__init__``
# wrapper sets, which an instance built here never has.
_HARMLESS_POST_INIT = {("modeltranslation.translator", "delete_mt_init")}


def _plain_init(model: type[Model]) -> bool:
    """Whether ``model.__init__`` is Django's, or modeltranslation's wrapper of Django's."""
    init = model.__init__
    if init is Model.__init__:
        return True
    if (getattr(init, "__module__", ""), getattr(init, "__name__", "")) != (
        "modeltranslation.translator", "new_init"
    ):
        return False
    wrapped = dict(zip(init.__code__.co_freevars, init.__closure__ or (), strict=True))
    cell = wrapped.get("old_init")
    return cell is not None and cell.cell_contents is Model.__init__


def _plain(model: type[Model]) -> bool:
    """Whether building ``model`` does nothing but set its fields: Django's ``__init__``
    and ``from_db``, no ``pre_init`` receiver, no ``post_init`` receiver but
    modeltranslation's."""
    if model.from_db.__func__ is not Model.from_db.__func__ or not _plain_init(model):
        return False
    if pre_init.has_listeners(model):
        return False
    receivers = post_init._live_receivers(model)
    # Django 5 returns (sync receivers, async receivers).
    if isinstance(receivers, tuple):
        receivers = [r for group in receivers for r in group]
    return all(
        (getattr(r, "__module__", ""), getattr(r, "__name__", "")) in _HARMLESS_POST_INIT
        for r in receivers
    )


def instances(queryset: QuerySet[M]) -> list[M]:
    """``list(queryset)``, the same instances, built without ``Model.__init__`` when that
    changes nothing (see the module's docstring)."""
    model = queryset.model
    query = queryset.query
    if (
        queryset._result_cache is not None
        or queryset._iterable_class is not ModelIterable
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
        or query.select_related
        or query.annotation_select
        or query.extra_select
        or not _plain(model)
    ):
        return list(queryset)
    db = queryset.db
    compiler = query.get_compiler(using=db)
    results = compiler.execute_sql()
    if results is None:
        return []
    select, klass_info = compiler.select, compiler.klass_info
    if (
        klass_info is None or klass_info.get("related_klass_infos")
        or klass_info["model"] is not model
    ):
        return list(queryset)
    start = klass_info["select_fields"][0]
    end = klass_info["select_fields"][-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    new = model.__new__
    made = []
    for row in compiler.results_iter(results):
        obj = new(model)
        state = obj._state = ModelState()
        state.adding = False
        state.db = db
        obj.__dict__.update(zip(attnames, row[start:end], strict=True))
        made.append(obj)
    return made
