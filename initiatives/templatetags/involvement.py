"""Initiatives on the public pages of the apps below this one (which know no initiative):
``{% public_involvement organisation as initiatives %}`` on an organisation's page,
``{% area_initiatives area as initiatives %}`` on a priority area's."""

from django import template

from initiatives import selectors

register = template.Library()


@register.simple_tag
def public_involvement(organisation) -> selectors.Involvement:
    return selectors.public_involvement(organisation)


@register.simple_tag
def area_initiatives(area):
    return selectors.area_initiatives(area)
