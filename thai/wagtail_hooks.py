"""Thai in the Wagtail admin.

- Date and date-time fields in every inspect view go through `format_date` (Buddhist era in
  Thai), with Wagtail's documented display-class registry (thai/admin_dates.py).
- Date fields of every admin form read day/month/year with a Buddhist-era year (`EraDateField`)
  in a text box that shows them the same way (`EraDateInput`), not Wagtail's date picker.
- The admin's font stack is the system's; on a machine without a Thai font (many Linux desktops,
  kiosks) Thai showed as boxes. The admin now loads the Sarabun font the site and certificates use
  (lms/static/css/admin-thai.css), for Thai characters only, first in the font stack (after
  system-ui, Chromium on Linux drew Thai as boxes in the system font).
"""

from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.ui.fields import register_display_class

from thai.admin_dates import DateDisplay, EraDateField, EraDateInput

register_display_class(models.DateField, display_class=DateDisplay)
register_display_class(models.DateTimeField, display_class=DateDisplay)
# Replaces Wagtail's own override for date fields ({"widget": AdminDateInput}); only plain date
# fields (date-time fields have their own, more specific, entry).
register_form_field_override(
    models.DateField, override={"form_class": EraDateField, "widget": EraDateInput}
)


@hooks.register("insert_global_admin_css")
def thai_admin_font():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-thai.css"))
