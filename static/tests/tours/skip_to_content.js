import { registry } from "@web/core/registry";

/**
 * @param {HTMLElement} el
 * @returns {boolean} whether the element is drawn bigger than a screen-reader-only box
 */
function isShown(el) {
    const { width, height } = el.getBoundingClientRect();
    return width > 1 && height > 1;
}

registry.category("web_tour.tours").add("skip_to_content", {
    url: "/my",
    steps: () => [
        {
            content: "The skip link comes first in the page, hidden until it gets the focus",
            trigger: "#wrapwrap > a.o_skip_to_content:first-child",
            run() {
                if (isShown(this.anchor)) {
                    throw new Error("The skip link should stay hidden until focused.");
                }
                document.activeElement?.blur();
            },
        },
        {
            content: "The first Tab of the page focuses the skip link",
            trigger: "body",
            run: "press Tab",
        },
        {
            content: "The focused skip link is shown, and leads to the main content",
            trigger: "a.o_skip_to_content:focus",
            run() {
                if (!isShown(this.anchor)) {
                    throw new Error("The focused skip link should be visible.");
                }
                if (this.anchor.getAttribute("href") !== "#wrap") {
                    throw new Error("The skip link should lead to #wrap.");
                }
                this.anchor.click();
            },
        },
        {
            content: "The page moved to the main content",
            trigger: "#wrap",
            run() {
                if (window.location.hash !== "#wrap") {
                    throw new Error(`Expected to land on #wrap, got "${window.location.hash}".`);
                }
            },
        },
    ],
});
