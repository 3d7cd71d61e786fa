// The projector screen (templates/courses/checkin_screen.html): fetch the next QR code and
// typed code as each expires, and the head count, without reloading the page.
document.addEventListener("DOMContentLoaded", () => {
    const screen = document.querySelector(".checkin-screen[data-state-url]");
    if (!screen) return;
    const url = screen.dataset.stateUrl;
    // Ask a little more often than the code rotates, so an expired code never stays up.
    const every = Math.max(2, Number(screen.dataset.refreshSeconds) / 3) * 1000;
    const part = (role) => screen.querySelector(`[data-role="${role}"]`);
    async function update() {
        try {
            const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
            if (!response.ok) throw new Error(String(response.status));
            const state = await response.json();
            if (part("code").textContent !== state.typed_code) {
                part("qr").innerHTML = state.qr_svg;
                part("code").textContent = state.typed_code;
            }
            if (part("count").textContent !== state.checked_in_text) {
                part("count").textContent = state.checked_in_text;
            }
            part("stale").hidden = true;
        } catch (error) {
            part("stale").hidden = false;
        }
    }
    setInterval(update, every);
});
