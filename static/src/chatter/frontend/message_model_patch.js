import { Message } from "@mail/core/common/message_model";
import { patch } from "@web/core/utils/patch";

patch(Message.prototype, {
    setup() {
        super.setup(...arguments);
        /** @type {number} star toggles sent for this message, to spot outdated answers */
        this.starToggleCount = 0;
    },

    get canToggleStar() {
        if (this.thread && this.thread.model !== "discuss.channel") {
            return super.canToggleStar && Boolean(this.thread.hasReadAccess);
        }
        return super.canToggleStar;
    },

    /**
     * Show the new star state as soon as it is clicked. The portal has no bus, so without this
     * the star would only change once the server answered, a round trip that can take long
     * when the page is still loading the chatter's images: a visitor (or a tour) looking at
     * the star right after the click would still see the old state. The server's answer
     * confirms the state; the previous state comes back when the request fails.
     */
    async toggleStar() {
        const starred = !this.starred;
        const toggleNumber = ++this.starToggleCount;
        this.starred = starred;
        let data;
        try {
            data = await this.store.env.services.orm.silent.call(
                "mail.message",
                "toggle_message_starred",
                [[this.id]]
            );
        } catch (error) {
            if (toggleNumber === this.starToggleCount) {
                this.starred = !starred;
            }
            throw error;
        }
        // The answer to an earlier click must not undo a later one still on its way.
        if (toggleNumber === this.starToggleCount) {
            this.store.insert(data);
        }
    },
});
