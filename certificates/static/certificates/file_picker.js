// The verify page's file picker (templates/certificates/verify.html): the native input is
// visually hidden, so the name of the chosen file is shown beside our label. Without this
// script the picker still works; the text keeps saying no file was chosen.
document.addEventListener("DOMContentLoaded", () => {
    for (const picker of document.querySelectorAll(".file-picker")) {
        const input = picker.querySelector(".file-picker-input");
        const name = picker.querySelector(".file-picker-name");
        if (!input || !name) continue;
        // "No file chosen" in both languages, its English in a span: restored as it was.
        const empty = name.innerHTML;
        input.addEventListener("change", () => {
            if (input.files.length) {
                name.textContent = input.files[0].name;
            } else {
                name.innerHTML = empty;
            }
        });
    }
});
