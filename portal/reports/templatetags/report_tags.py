"""``{% reminders_sent_to user as reminders %}``: the reminders sent about the updates a
person writes, for the workspace's home (the workspace knows no report)."""

from django import template

from portal.reports.selectors import reminders_sent

register = template.Library()


@register.simple_tag
def reminders_sent_to(user):
    return reminders_sent(viewer=user)
