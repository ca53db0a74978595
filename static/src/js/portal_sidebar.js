import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime } from "@web/core/l10n/dates";
import publicWidget from "@web/legacy/js/public/public_widget";

const { DateTime } = luxon;

/**
 * Base of the document pages' side panels (invoice, quotation, purchase order...).
 * It has no selector: business addons extend it with their own.
 */
const PortalSidebar = publicWidget.Widget.extend({
    /**
     * @override
     */
    start() {
        this._setDelayLabels();
        return this._super(...arguments);
    },

    /**
     * Turn the due dates of the panel into a relative label ("due in 3 days").
     *
     * @private
     */
    _setDelayLabels() {
        const today = DateTime.now().startOf("day");
        for (const el of this.el.querySelectorAll(".o_portal_sidebar_timeago")) {
            const value = el.getAttribute("datetime");
            if (!value) {
                continue;
            }
            const date = deserializeDateTime(value).setZone("default").startOf("day");
            if (!date.isValid) {
                continue;
            }
            const diff = Math.round(date.diff(today, "days").days);
            let label;
            if (diff === 0) {
                label = _t("Due today");
            } else if (diff > 0) {
                label = _t("Due in %(count)s days", { count: Math.abs(diff) });
            } else {
                label = _t("%(count)s days overdue", { count: Math.abs(diff) });
            }
            el.textContent = label;
        }
    },

    /**
     * Print a report without leaving the page: it is loaded in a hidden iframe, which is
     * then printed (and reused by the next calls).
     *
     * @private
     * @param {string} href url of the printable document
     */
    _printIframeContent(href) {
        if (!this.printContent) {
            this.printContent = document.createElement("iframe");
            this.printContent.id = "print_iframe_content";
            this.printContent.src = href;
            this.printContent.style.display = "none";
            this.el.appendChild(this.printContent);
            this.printContent.addEventListener("load", () => {
                this.printContent.contentWindow.print();
            });
        } else {
            this.printContent.contentWindow.print();
        }
    },
});

export default PortalSidebar;
