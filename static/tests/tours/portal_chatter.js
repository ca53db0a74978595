import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("portal_chatter_post_with_attachment", {
    steps: () => [
        {
            content: "The chatter is mounted in its shadow root, with a composer",
            trigger: "#discussion #chatterRoot:shadow .o-mail-Chatter .o-mail-Composer-input",
            run: "edit Here is the signed delivery note.",
        },
        {
            content: "Attach a file",
            trigger: "#chatterRoot:shadow .o-mail-Composer input.o_input_file:hidden",
            run() {
                const file = new File(["Delivered in full."], "delivery_note.txt", {
                    type: "text/plain",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded",
            trigger:
                "#chatterRoot:shadow .o-mail-Composer .o-mail-AttachmentCard:not(.o-isUploading):contains(delivery_note.txt)",
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is listed with its attachment",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(Here is the signed delivery note.):contains(delivery_note.txt)",
        },
    ],
});
