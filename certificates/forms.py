from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.serials import normalise_serial

MAX_PDF_BYTES = 10 * 1024 * 1024
# A PDF starts with "%PDF-"; readers accept it anywhere in the first kilobyte.
PDF_SIGNATURE = b"%PDF-"
PDF_SIGNATURE_WITHIN = 1024


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
        # Any other file would only get "no match, it may have been altered": say what it is.
        upload.seek(0)
        head = upload.read(PDF_SIGNATURE_WITHIN)
        upload.seek(0)
        if PDF_SIGNATURE not in head:
            raise forms.ValidationError(
                _("This file is not a PDF. Only the certificate's PDF file can be checked."),
                code="not_pdf",
            )
        return upload
