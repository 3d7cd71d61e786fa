"""Every StreamField block of the site, each rendered by its own template in templates/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        help_text=_("Describe the image for people who cannot see it (required)."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video URL"), help_text=_("A YouTube or Vimeo link."))
    transcript = blocks.TextBlock(
        label=_("transcript or summary"),
        required=False,
        help_text=_("For people who cannot hear the video."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
        label=_("kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"))
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ul", "ol"], required=False, label=_("text")
    )


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"))

    class Meta:
        icon = "list-ol"
        template = "blocks/steps_block.html"


class ReflectionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("reflection question"))
    hint = blocks.TextBlock(label=_("hint"), required=False)

    class Meta:
        icon = "help"
        template = "blocks/reflection_block.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("item")), label=_("items"))

    class Meta:
        icon = "tasks"
        template = "blocks/checklist_block.html"


class FigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("what was measured"))
    before = blocks.CharBlock(label=_("before"))
    after = blocks.CharBlock(label=_("after"))
    source = blocks.CharBlock(
        label=_("source"), required=False, help_text=_("Where the figure comes from.")
    )

    class Meta:
        icon = "table"
        template = "blocks/figure_block.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr", "document-link"]


class BodyBlock(blocks.StreamBlock):
    # Each child is labelled: Wagtail would otherwise show its Python name ("Callout") in the
    # editor's block menu, in English whatever the editor's language.
    heading = HeadingBlock(label=_("heading"))
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("rich text"), icon="pilcrow"
    )
    image = ImageBlock(label=_("image"))
    video = VideoBlock(label=_("video"))
    document = DocumentBlock(label=_("document"))
    callout = CalloutBlock(label=_("callout"))
    steps = StepsBlock(label=_("steps"))
    reflection = ReflectionBlock(label=_("reflection question"))
    checklist = ChecklistBlock(label=_("checklist"))
