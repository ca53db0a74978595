import { registry } from "@web/core/registry";

const STAR = "#chatterRoot:shadow .o-mail-Message [title='Mark as Todo']";
const STARRED_MESSAGE =
    "#chatterRoot:shadow .o-mail-Message:contains(Please check the quantities):has(i.fa-star.o-mail-Message-starred)";

registry.category("web_tour.tours").add("portal_chatter_star_message", {
    steps: () => [
        {
            content: "The message is shown with its star action, not starred yet",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Please check the quantities)",
            run: `hover && click ${STAR} i.fa-star-o`,
        },
        {
            // No waiting here: the server holds its answer, only an immediate display passes.
            content: "The star is shown at once, before the server answers",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Please check the quantities)",
            run: `hover ${STAR} i.fa-star.o-mail-Message-starred`,
        },
        {
            content: "Reload the page",
            trigger: STARRED_MESSAGE,
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "The server kept the star",
            trigger: STARRED_MESSAGE,
        },
    ],
});
