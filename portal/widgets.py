"""Form widgets and choice fields shared by the portal's forms."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python rather than through one template per option.

    The HTML is Django's own (the same name, attributes, groups and selected options), at a
    fraction of the cost: a filter with the 250 organisations of a city renders in a
    millisecond instead of tens. ``tests/test_widgets.py`` compares both.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html("<select name=\"{}\"{}>", widget["name"], _attrs(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html("<optgroup label=\"{}\">", group))
            for option in options:
                parts.append(format_html(
                    "<option value=\"{}\"{}>{}</option>",
                    option["value"], _attrs(option["attrs"]), option["label"],
                ))
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's ``attrs.html`` writes them, in their order: ``True`` as the
    bare name, ``False`` left out."""
    return mark_safe("".join(
        format_html(" {}", name) if value is True else format_html(" {}=\"{}\"", name, value)
        for name, value in attrs.items()
        if value is not False
    ))


class FetchedChoiceIterator(ModelChoiceIterator):
    """The choices of a model field read in one fetch, rather than through
    ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor (three more
    round trips) for a list of a few hundred rows at most."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class FetchedModelChoiceField(forms.ModelChoiceField):
    """A model choice rendered by :class:`QuickSelect` from choices read in one fetch."""

    iterator = FetchedChoiceIterator
    widget = QuickSelect
