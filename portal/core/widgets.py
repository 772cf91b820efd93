"""Form widgets and choice fields shared by the portal's forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.core.collation import collated
from portal.core.escaping import escape
from portal.core.i18n import current_language, translated
from portal.core.loading import instances


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python rather than through one template per option.

    The HTML is Django's own (the same name, attributes, groups and selected options; the
    ``lang`` of :class:`LanguageMarkedSelect` on a name that fell back), at a
    fraction of the cost: a filter with the 250 organisations of a city renders in a
    millisecond instead of tens. ``tests/portal/core/test_widgets.py`` compares both.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        # The widget's own context, without Django's dictionary per option.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = widget["value"]
        has_selected = False
        lang = current_language()  # once per list, not once per option
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            group = None
            choices = [(option_value, option_label)]
            if isinstance(option_label, (list, tuple)):
                group, choices = option_value, option_label
            if group:
                parts.append(f'<optgroup label="{escape(group)}">')
            for subvalue, sublabel in choices:
                selected = not has_selected and str(subvalue) in chosen
                has_selected |= selected
                fell_back = fallback_lang(subvalue, lang)
                marked = f' lang="{fell_back}"' if fell_back else ""
                parts.append(
                    f'<option value="{escape(subvalue)}"{" selected" if selected else ""}'
                    f"{marked}>{escape(sublabel)}</option>"
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


def fallback_lang(value, lang: str | None = None) -> str:
    """The language of a model choice's name (its title, else its name) when it fell back
    to the other language, else "" (``lang``: the active language, when known)."""
    instance = getattr(value, "instance", None)
    if instance is None:
        return ""
    field = "title" if hasattr(instance, "title_fr") else "name"
    if not hasattr(instance, f"{field}_fr"):
        return ""
    _text, text_lang, fell_back = translated(instance, field, lang)
    return text_lang if fell_back else ""


class LanguageMarkedSelect(forms.Select):
    """A ``<select>`` of translated objects (initiatives, organisations) whose option
    carries the ``lang`` of a name that fell back to the other language (WCAG 3.1.2), as
    ``{% tr %}`` marks it in the page."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if lang := fallback_lang(value):
            option["attrs"]["lang"] = lang
        return option


def _attrs(attrs: dict) -> str:
    """Attributes as Django's ``attrs.html`` writes them, in their order: ``True`` as the
    bare name, ``False`` left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FetchedChoiceIterator(ModelChoiceIterator):
    """The choices of a :class:`FetchedModelChoiceField`, from its one fetch."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        language = get_language()  # once per list, not once per option
        for obj in self.field.objects():
            yield self.choice(obj, language)

    def choice(self, obj, language: str | None = None):
        # The label the list was sorted by, not worked out a second time.
        if language is None:
            language = get_language()
        return (ModelChoiceIteratorValue(self.field.prepare_value(obj), obj),
                self.field.label_of(obj, language))


class FetchedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose list and chosen value come from one fetch of its queryset per
    form, rendered by :class:`QuickSelect`.

    Django's ``ModelChoiceField`` reads its queryset twice, once for the list (through
    ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor: three more
    round trips) and once more to look the chosen value up. For lists of a few hundred rows
    at most, one plain fetch serves both. :meth:`share_fetch` lets two fields of the same
    list (a "from" and a "to") share that fetch.
    """

    iterator = FetchedChoiceIterator
    widget = QuickSelect

    _fetched: tuple[object, list, dict[str, object]] | None = None
    # (object, label) by (id of the object, language); the object is kept so its id stays
    # its own.
    _labels: dict[tuple[int, str | None], tuple[object, str]] | None = None
    _source: FetchedModelChoiceField | None = None
    _labellers: dict | None = None

    def __init__(self, *args, collate: bool = False, **kwargs) -> None:
        # collate: list the choices by their names as shown, in the page's alphabetical
        # order (:mod:`portal.core.collation`), not by the database's order.
        self.collate = collate
        super().__init__(*args, **kwargs)

    def share_fetch(self, other: FetchedModelChoiceField) -> None:
        """Read the list of ``other`` (a field of the same queryset) instead of fetching."""
        self._source = other

    def _fetch(self) -> tuple[list, dict[str, object]]:
        if self._source is not None:
            return self._source._fetch()
        queryset = self.queryset
        if self._fetched is None or self._fetched[0] is not queryset:
            objects = instances(queryset.all())
            if self.collate:
                language = get_language()
                objects = collated(objects, key=lambda obj: self.label_of(obj, language))
            key = self.to_field_name or "pk"
            by_key = {str(getattr(obj, key)): obj for obj in objects}
            self._fetched = (queryset, objects, by_key)
        return self._fetched[1], self._fetched[2]

    def label_of(self, obj, language: str | None = None) -> str:
        """``label_from_instance(obj)``, worked out once per object and language (a list
        sorted by its labels shows them too); ``language``: the active one, when the caller
        has read it already."""
        if self._labels is None:
            self._labels = {}
        if language is None:
            language = get_language()
        key = (id(obj), language)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = (obj, self._labeller(language)(obj))
        return label[1]

    def _labeller(self, language: str | None):
        if self._labellers is None:
            self._labellers = {}
        labeller = self._labellers.get(language)
        if labeller is None:
            labeller = self._labellers[language] = self.labeller()
        return labeller

    def labeller(self):
        """A function from an object to its label in the active language, made once per
        list and language (a subclass can read the language once, not per object)."""
        return self.label_from_instance

    def objects(self) -> list:
        """The choices' objects, in the queryset's order."""
        return self._fetch()[0]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = getattr(value, self.to_field_name or "pk")
        obj = self._fetch()[1].get(str(value))
        if obj is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return obj
