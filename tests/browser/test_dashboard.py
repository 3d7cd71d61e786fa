"""The OPDC dashboard in a real browser: OPDC staff open it and the charts are drawn."""

from tests.browser.conftest import log_in, save_screenshot


def test_opdc_staff_see_the_dashboard_charts_drawn(demo_data, desktop_page):
    page = desktop_page
    log_in(page, "opdc")

    page.goto("/admin/opdc-dashboard/")

    # Every headline number on one line inside its card, clear of its label (1,268,580
    # people served once wrapped its last digit onto the label).
    for width in (1400, 1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        values = page.locator(".dashboard-headlines .headline-value")
        assert values.count() >= 6
        for index in range(values.count()):
            value = values.nth(index)
            lines = value.evaluate(
                "e => Math.round(e.getBoundingClientRect().height"
                " / parseFloat(getComputedStyle(e).lineHeight))"
            )
            fits = value.evaluate("e => e.scrollWidth <= e.parentElement.clientWidth")
            assert lines == 1 and fits, f"{value.inner_text()!r} at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})

    charts = page.locator("svg.dashboard-chart")
    assert charts.count() == 8
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50
        assert chart.locator("rect.bar").count() > 0
        assert chart.locator("rect.bar").first.is_visible()
    # The numbers are one click away.
    funnel = page.locator("#figure-stages details")
    assert not funnel.locator("table").is_visible()
    funnel.locator("summary").click()
    assert funnel.locator("table").is_visible()
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "opdc-dashboard-desktop")


def test_a_trainer_is_turned_away_from_the_dashboard(demo_data, desktop_page):
    page = desktop_page
    log_in(page, "trainer")

    page.goto("/admin/opdc-dashboard/")

    assert page.locator("svg.dashboard-chart").count() == 0
    assert "/opdc-dashboard/" not in page.url
