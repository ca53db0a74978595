import { Message } from "@mail/core/common/message";
import { patch } from "@web/core/utils/patch";

patch(Message.prototype, {
    get authorAvatarUrl() {
        if (this.message.author_avatar_url) {
            return this.message.author_avatar_url;
        }
        const token = this.message.thread?.access_token;
        if (token) {
            // Token holders may not read partners: ask the avatar through the message.
            return `/mail/avatar/mail.message/${this.message.id}/author_avatar/50x50?access_token=${encodeURIComponent(token)}`;
        }
        return super.authorAvatarUrl;
    },
});
