// The certificate batch page (templates/certificates/admin/batch.html): polls the batch's JSON
// status every two seconds and updates the figures in place until the batch is finished. No
// meta refresh (a page that reloads itself is an accessibility failure); without JavaScript the
// page's refresh link does the same by hand. A static file for the Content-Security-Policy.
(() => {
    const box = document.getElementById("batch-status");
    if (!box || !box.hasAttribute("data-running")) return;
    const byId = (id) => document.getElementById(id);
    const refresh = byId("batch-refresh");
    if (refresh) refresh.hidden = true;

    function show(status) {
        // Only changed text is written, so screen readers announce progress, not every poll.
        if (byId("batch-progress").textContent !== status.summary) {
            byId("batch-progress").textContent = status.summary;
        }
        byId("batch-bar").max = status.total;
        byId("batch-bar").value = status.processed;
        byId("batch-state").textContent = status.state;
        const list = byId("batch-failure-list");
        list.replaceChildren(...status.failures.map((failure) => {
            const item = document.createElement("li");
            const name = document.createElement("strong");
            name.textContent = failure.name;
            item.append(name, ": " + failure.error);
            return item;
        }));
        byId("batch-failures").hidden = status.failures.length === 0;
    }

    async function poll() {
        try {
            const response = await fetch(box.dataset.statusUrl, {
                headers: { Accept: "application/json" },
                credentials: "same-origin",
            });
            if (!response.ok) throw new Error(response.status);
            const status = await response.json();
            show(status);
            if (status.finished) {
                box.removeAttribute("data-running");
                return;
            }
        } catch (error) {
            // Logged out, no longer allowed, or offline: stop and give the link back.
            if (refresh) refresh.hidden = false;
            return;
        }
        window.setTimeout(poll, 2000);
    }

    window.setTimeout(poll, 2000);
})();
