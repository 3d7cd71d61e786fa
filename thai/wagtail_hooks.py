"""Date and date-time fields in every Wagtail inspect view go through `format_date` (Buddhist
era in Thai), with Wagtail's documented display-class registry (thai/admin_dates.py)."""

from django.db import models
from wagtail.admin.ui.fields import register_display_class

from thai.admin_dates import DateDisplay

register_display_class(models.DateField, display_class=DateDisplay)
register_display_class(models.DateTimeField, display_class=DateDisplay)
