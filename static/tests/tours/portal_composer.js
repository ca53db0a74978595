import { registry } from "@web/core/registry";

// web.assets_tests is also loaded by the back office, where the frontend modules do not exist:
// take the composer from the module loader once the tour runs on a portal page.
let composer;

registry.category("web_tour.tours").add("portal_composer_post", {
    steps: () => [
        {
            content: "Wait for the chatter, then add a stand-alone composer above it",
            trigger: "#discussion #chatterRoot:shadow .o-mail-Thread",
            async run() {
                const discussionEl = document.querySelector("#discussion");
                const containerEl = document.createElement("div");
                containerEl.id = "tour_composer";
                discussionEl.before(containerEl);
                const composerModule = odoo.loader.modules.get("@portal/js/portal_composer");
                const { PortalComposer } = composerModule[Symbol.for("default")];
                composer = new PortalComposer(null, {
                    res_model: discussionEl.dataset.res_model,
                    res_id: parseInt(discussionEl.dataset.res_id),
                    token: discussionEl.dataset.token,
                    display_composer: true,
                    send_button_label: "Post it",
                });
                await composer.appendTo(containerEl);
            },
        },
        {
            content: "An empty message is refused with an explanation",
            trigger: "#tour_composer .o_portal_chatter_composer_btn:contains(Post it)",
            async run() {
                let refused = false;
                await composer._onSubmitButtonClick().catch(() => (refused = true));
                if (!refused) {
                    throw new Error("An empty message should not be posted.");
                }
            },
        },
        {
            content: "The error is displayed",
            trigger: "#tour_composer .o_portal_chatter_composer_error:not(.d-none):contains(write a message)",
        },
        {
            content: "Type a message",
            trigger: "#tour_composer textarea[name='message']",
            run: "edit Posted from the stand-alone composer",
        },
        {
            content: "Attach a file",
            trigger: "#tour_composer input.o_portal_chatter_file_input:hidden",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(new File(["Some notes."], "composer_notes.txt"));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded and may still be removed",
            trigger:
                "#tour_composer .o_portal_chatter_attachment:contains(composer_notes.txt) .o_portal_chatter_attachment_delete:hidden",
        },
        {
            content: "Post",
            trigger: "#tour_composer .o_portal_chatter_composer_btn:enabled",
            run: "click",
        },
        {
            content: "The chatter reloads and shows the message with its file",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(Posted from the stand-alone composer):contains(composer_notes.txt)",
        },
    ],
});
