"""The certificate renderer's fast path: WeasyPrint 70's internals, where they are known.

Everything here reaches into WeasyPrint below its public API, for speed: a certificate costs
about half of what plain ``HTML(...).write_pdf()`` costs (docs/performance.md). It was written
against WeasyPrint 70 and is tested with it, so :mod:`certificates.rendering` imports this module
only when the installed WeasyPrint is 70.x (``fast_path_supported()``); any other release renders
with the public API only, the same pages, slower. Nothing is patched in WeasyPrint's modules:
the documents made here carry their own :class:`_CertificateDocument`, which builds the layout
with :class:`_SharedStyleFor`; every other WeasyPrint use in the process is WeasyPrint's own.

What each piece saves, for one certificate (tests/certificates/test_rendering.py compares each
with plain WeasyPrint, pixel for pixel or byte for byte):

- the markup parsed with expat instead of WeasyPrint's pure-Python HTML5 parser (~4 ms);
- a user-agent stylesheet of the dozen rules the certificate's elements need, not ~250;
- computed styles kept from one certificate to the next (a fifth of a render);
- images read from files (logos, signatures, backgrounds) decoded once for all certificates.
"""

import functools

import cssselect2
import defusedxml.ElementTree as defused_element_tree
from weasyprint import CSS, DEFAULT_OPTIONS, HTML
from weasyprint.css import (
    StyleFor,
    declaration_precedence,
    find_style_attributes,
    find_stylesheets,
    preprocess_declarations,
)
from weasyprint.css.targets import TargetCollector
from weasyprint.document import Document
from weasyprint.images import get_image_from_uri
from weasyprint.layout import LayoutContext
from weasyprint.text.fonts import FontConfiguration

from certificates.fetcher import RestrictedURLFetcher


class FastPath:
    """What the fast path keeps for the life of a renderer, and its render call."""

    def __init__(self, fetcher: RestrictedURLFetcher) -> None:
        self.fetcher = fetcher
        self.user_agent_stylesheet = CSS(string=_USER_AGENT_STYLESHEET)
        # Images read from files (logos, signatures, backgrounds), decoded once for all.
        self.file_images: dict = {}
        # Per page size and orientation: computed styles shared across certificates.
        self.computed_styles: dict[object, dict] = {}

    def render(
        self,
        markup: str,
        stylesheets: list[CSS],
        font_config: FontConfiguration,
        styles_key: object,
        **options,
    ) -> Document:
        """Lay ``markup`` out as ``HTML(string=markup).render(...)`` would, faster."""
        html_document = _CertificateHTML(markup, self.fetcher)
        html_document.user_agent_stylesheet = self.user_agent_stylesheet
        html_document.computed_styles = self.computed_styles.setdefault(styles_key, {})
        return html_document.render(
            stylesheets=stylesheets,
            font_config=font_config,
            cache=_ImageCache(self.file_images),
            **options,
        )


# The user-agent rules the certificate's own elements need, taken from WeasyPrint's HTML5
# stylesheet (weasyprint/css/html5_ua.css). The full one (~250 rules, forms, tables, lists,
# page-margin boxes) was matched against every element of every certificate; this one renders
# the same page (tests/certificates/test_rendering.py compares the two pixel for pixel).
_USER_AGENT_STYLESHEET = """
head, title, meta, style, script { display: none }
html, body, div, p, h1 { display: block }
html { color-scheme: light }
body { margin: 8px }
p { margin-top: 1em; margin-bottom: 1em }
h1 { margin-top: .67em; margin-bottom: .67em; font-size: 2em; font-weight: bold;
     bookmark-level: 1; bookmark-label: content(text); hyphens: manual; break-after: avoid;
     break-inside: avoid }
br::before { content: "\\A"; white-space: pre-line }
img { overflow: hidden }
@page { margin: 75px }
"""


class _CertificateHTML(HTML):
    """An HTML document that uses the renderer's small, parsed-once user-agent stylesheet.

    ``computed_styles`` is the renderer's cache of computed styles for one page size, shared
    with every certificate rendered before (see :class:`_SharedStyleFor`).
    """

    user_agent_stylesheet: CSS | None = None
    computed_styles: dict | None = None

    def __init__(self, markup: str, url_fetcher: RestrictedURLFetcher) -> None:
        # HTML.__init__ parses with tinyhtml5, a pure-Python HTML5 parser: ~4 ms of a
        # certificate. The renderer's markup is well-formed XML, which expat reads in 0.2 ms
        # into the same tree (tests/certificates/test_rendering.py compares them). Sets what
        # HTML.__init__ of WeasyPrint 70 sets.
        root = defused_element_tree.fromstring(markup)
        self.base_url = None
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms=False):
        return [self.user_agent_stylesheet]

    def render(self, font_config=None, counter_style=None, color_profiles=None, **options):
        # HTML.render of WeasyPrint 70, with this module's Document for WeasyPrint's.
        return _CertificateDocument._render(
            self, font_config, counter_style, color_profiles, {**DEFAULT_OPTIONS, **options}
        )


class _CertificateDocument(Document):
    """A WeasyPrint document whose styles come from :class:`_SharedStyleFor`."""

    @classmethod
    def _build_layout_context(cls, html, font_config, counter_style, color_profiles, options):
        # Document._build_layout_context and get_all_computed_styles of WeasyPrint 70 in one,
        # for what a certificate passes (parsed stylesheets, an image cache, no forms or
        # presentational hints), with _SharedStyleFor where they call StyleFor.
        target_collector = TargetCollector()
        for style in html._ua_counter_style():
            for key, value in style.items():
                counter_style[key] = value
        sheets = [(sheet, "user agent", None) for sheet in html._ua_stylesheets()]
        sheets += [
            (sheet, "author", None)
            for sheet in find_stylesheets(
                html.wrapper_element,
                html.media_type,
                html.url_fetcher,
                html.base_url,
                font_config,
                counter_style,
                color_profiles,
                [],
                [],
            )
        ]
        sheets += [(sheet, "user", None) for sheet in options["stylesheets"] or []]
        style_for = _SharedStyleFor(
            html, sheets, options["presentational_hints"], font_config, target_collector
        )
        cache = options["cache"] if options["cache"] is not None else {}
        image_from_uri = functools.partial(
            get_image_from_uri, cache=cache, url_fetcher=html.url_fetcher, options=options
        )
        return LayoutContext(
            style_for, image_from_uri, font_config, counter_style, target_collector
        )


# Distinct element styles in the certificates of one page size: a few dozen. Past this, a
# design must be generating styles (an inline style per learner, say): start again.
_MAX_SHARED_STYLES = 2_000


class _SharedStyleFor(StyleFor):
    """WeasyPrint's style resolution, with computed styles shared across documents.

    WeasyPrint already shares one computed style between the elements of a document that have
    the same parent style, style-giving attributes and matching rules, and computes its values
    lazily, once. This keeps those shared styles from one certificate to the next, so the
    second certificate of a design finds every value computed (a fifth of a render's time).
    The key is WeasyPrint's own, made valid across documents: rules by identity (the renderer
    parses its stylesheets once), the parent by the identity of its style (every style is kept
    alive by the cache, so identities are never reused), and the element's style-giving
    attributes by value where WeasyPrint uses the declarations parsed from them, which are new
    objects in each document.

    Used only by :class:`_CertificateDocument`, and shares only for documents carrying a cache
    (``_CertificateHTML.computed_styles``). The body follows ``StyleFor.__init__`` of
    WeasyPrint 70 (the only release this module is used with); tests/certificates/
    test_rendering.py checks that certificates come out byte for byte as without the cache.
    """

    def __init__(self, html, sheets, presentational_hints, font_config, target_collector):
        shared = getattr(html, "computed_styles", None)
        if shared is None or presentational_hints:
            super().__init__(html, sheets, presentational_hints, font_config, target_collector)
            return
        if len(shared) > _MAX_SHARED_STYLES:
            shared.clear()
        self._cascaded_styles = cascaded_styles = {}
        self._computed_styles = computed_styles = {}
        # Viewport-relative units read the page size from here: one dict for all the styles
        # of the cache, which is per page size.
        self.initial_page_sizes = shared.setdefault(
            "initial_page_sizes", {"box": None, "area": None}
        )
        self._sheets = sheets
        self.font_config = font_config

        layer_order = float("inf")
        element_attributes = {}
        for specificity, element, declarations, base_url in find_style_attributes(
            html.etree_element, presentational_hints, html.base_url
        ):
            style = cascaded_styles.setdefault((element, None), {})
            element_attributes[element] = _style_giving_attributes(element)
            for name, values, importance in preprocess_declarations(base_url, declarations):
                precedence = declaration_precedence("author", importance)
                weight = (precedence, layer_order, specificity)
                old_weight = style.get(name, (None, None))[1]
                if old_weight is None or old_weight <= weight:
                    style[name] = values, weight

        for element in html.wrapper_element.iter_subtree():
            etree_element = element.etree_element
            parent = element.parent.etree_element if element.parent else None
            parent_id = id(computed_styles[parent, None]) if element.parent else None
            selectors_keys = []
            for sheet, origin, sheet_specificity in sheets:
                for selector in sheet.matcher.match(element):
                    specificity, order, pseudo_type, (declarations, layer) = selector
                    layer_order = float("inf") if layer is None else sheet.layers.index(layer)
                    selectors_keys.append((id(sheet), specificity, id(declarations), layer_order))
                    specificity = sheet_specificity or specificity
                    style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
                    for name, values, importance in declarations:
                        precedence = declaration_precedence(origin, importance)
                        weight = (precedence, layer_order, specificity)
                        old_weight = style.get(name, (None, None))[1]
                        if old_weight is None or old_weight <= weight:
                            style[name] = values, weight

            key = (parent_id, element_attributes.get(etree_element), tuple(selectors_keys))
            if key in shared:
                computed_styles[etree_element, None] = style = shared[key]
                # set_computed_styles records an anchor (an id) with each new document's
                # target collector; a style from an earlier document must record it here.
                if target_collector and style["anchor"]:
                    target_collector.collect_anchor(style["anchor"])
            else:
                self.set_computed_styles(
                    etree_element,
                    root=html.etree_element,
                    parent=parent,
                    base_url=html.base_url,
                    target_collector=target_collector,
                )
                shared[key] = computed_styles[etree_element, None]

        # Pseudo-elements (a <br>'s line break) are few: computed afresh, as WeasyPrint does.
        for element, pseudo_type in cascaded_styles:
            if pseudo_type:
                self.set_computed_styles(
                    element,
                    pseudo_type=pseudo_type,
                    root=html.etree_element,
                    parent=element,
                    base_url=html.base_url,
                    target_collector=target_collector,
                )
        self._cascaded_styles.clear()


def _style_giving_attributes(element) -> tuple:
    """The attributes ``find_style_attributes`` turns into declarations, by value."""
    attributes: tuple[str | None, ...] = (
        element.get("style"),
        element.get("lang"),
        element.get("id"),
    )
    if element.tag == "a":
        attributes += (element.get("name"),)
    elif element.tag == "{http://www.w3.org/2000/svg}svg":
        attributes += (element.get("width"), element.get("height"))
    return attributes


class _ImageCache(dict):
    """One render's image cache, sharing images read from files with every other render.

    WeasyPrint keys its image cache by URL. Images from ``file:`` URLs (the design's logos,
    signatures, background) are the same for every certificate and go to ``shared``; everything
    else (the learner's QR code, a ``data:`` URL, and derived image data) stays in this render's
    cache, dropped with it, so memory stays flat however many certificates a process renders.
    """

    def __init__(self, shared: dict) -> None:
        super().__init__()
        self.shared = shared

    def __contains__(self, key) -> bool:
        return super().__contains__(key) or key in self.shared

    def __getitem__(self, key):
        if super().__contains__(key):
            return super().__getitem__(key)
        return self.shared[key]

    def __setitem__(self, key, value) -> None:
        if isinstance(key, str) and key.startswith("file:"):
            self.shared[key] = value
        else:
            super().__setitem__(key, value)
