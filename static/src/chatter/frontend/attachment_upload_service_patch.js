import { AttachmentUploadService } from "@mail/core/common/attachment_upload_service";
import { patch } from "@web/core/utils/patch";

patch(AttachmentUploadService.prototype, {
    /**
     * Visitors of a shared document are identified by its token (or signed partner), which
     * the upload route needs to let them attach files.
     *
     * @override
     */
    _buildFormData(formData, tmpURL, thread, composer, tmpId, options) {
        super._buildFormData(...arguments);
        const params = thread?.rpcParams || {};
        if (params.hash && params.pid) {
            formData.append("hash", params.hash);
            formData.append("pid", params.pid);
        }
        if (params.token) {
            formData.append("token", params.token);
        }
        return formData;
    },
});
