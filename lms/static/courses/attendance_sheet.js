// The attendance sheet (templates/courses/admin/attendance_sheet.html): the "All" box ticks
// or clears every learner's box. A static file, not an inline script, so the page runs under
// a Content-Security-Policy that allows only our origin's scripts and nonces.
document.querySelectorAll("[data-select-all]").forEach((all) => {
    all.addEventListener("change", () => {
        const form = all.closest("form");
        form.querySelectorAll('input[name="enrollments"]').forEach((box) => {
            box.checked = all.checked;
        });
    });
});
