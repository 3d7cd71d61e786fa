from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.serials import normalise_serial

MAX_PDF_BYTES = 10 * 1024 * 1024


class SerialForm(forms.Form):
    serial = forms.CharField(
        label=_("Certificate number"),
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "GL-XXXX-XXXX-XXXX-XXXX", "autofocus": True}),
    )

    def clean_serial(self) -> str:
        serial = normalise_serial(self.cleaned_data["serial"])
        if serial is None:
            raise forms.ValidationError(
                _("This is not a certificate number. Please check it and try again.")
            )
        return serial


class CheckFileForm(forms.Form):
    file = forms.FileField(label=_("Certificate PDF"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("The file is too large to be a certificate."))
        return upload
