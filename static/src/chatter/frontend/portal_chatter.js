import { Chatter } from "@mail/chatter/web_portal/chatter";
import { Component, useState, useSubEnv, xml } from "@odoo/owl";
import { OverlayContainer } from "@web/core/overlay/overlay_container";
import { useBus, useService } from "@web/core/utils/hooks";

/**
 * Root of the chatter shown on portal documents. It lives in a shadow root, so popovers
 * are rendered by an overlay container of its own.
 */
export class PortalChatter extends Component {
    static template = xml`
        <Chatter threadId="props.resId" threadModel="props.resModel"
            composer="props.composer" twoColumns="props.twoColumns"/>
        <div class="position-fixed" style="z-index: 1030">
            <OverlayContainer overlays="overlayService.overlays"/>
        </div>
    `;
    static components = { Chatter, OverlayContainer };
    static props = ["resId", "resModel", "composer", "twoColumns", "displayRating"];

    setup() {
        useSubEnv({
            displayRating: this.props.displayRating,
            inFrontendPortalChatter: true,
        });
        this.overlayService = useService("overlay");
        this.store = useState(useService("mail.store"));
        useBus(this.env.bus, "reload_chatter_content", (ev) => this._reloadChatterContent(ev.detail));
    }

    /**
     * Reload the messages after something was posted outside of the chatter (e.g. a review
     * posted from a dialog).
     *
     * @param {Object} data result of the post
     */
    async _reloadChatterContent(data) {
        const thread = this.store.Thread.insert({
            model: this.props.resModel,
            id: this.props.resId,
        });
        thread.messages = await thread.fetchMessages();
    }
}
