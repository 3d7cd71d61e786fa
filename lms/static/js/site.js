// The phone menu: on a narrow screen the header's links fold behind a "Menu" button.
// Without this script the links simply stay visible (see .has-menu-toggle in site.css).
document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector(".menu-toggle");
    const menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    document.documentElement.classList.add("has-menu-toggle");
    button.hidden = false;
    button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && menu.classList.contains("is-open")) {
            button.setAttribute("aria-expanded", "false");
            menu.classList.remove("is-open");
            button.focus();
        }
    });
});
