import { Picker } from "@mail/core/common/picker";
import { patch } from "@web/core/utils/patch";

patch(Picker.prototype, {
    get popoverSettings() {
        // The chatter scrolls with the page: a fixed picker would stay behind.
        return { ...super.popoverSettings, fixedPosition: false };
    },
});
