package org.kubevirtredfish.kubevirt.model;

/**
 * virt-api's answer to a subresource call: the HTTP status, the Kubernetes Status reason and message (both null for
 * 202) and the effect on the VM. An error answer may still have an effect (a stop of a Halted VM with a grace period
 * patches the VMI's grace period before it is refused).
 */
public record ApiAnswer(int code, String reason, String message, VmEffect effect, String source) {

    static final String GROUP = "kubevirt.io";

    public boolean accepted() {
        return code == 202;
    }

    static ApiAnswer accepted(VmEffect effect, String source) {
        return new ApiAnswer(202, null, null, effect, source);
    }

    /** k8s.io/apimachinery errors.NewConflict: {@code Operation cannot be fulfilled on <resource>.kubevirt.io "<name>": <err>}. */
    static ApiAnswer conflict(String resource, String name, String err, VmEffect effect, String source) {
        return new ApiAnswer(409, "Conflict",
                "Operation cannot be fulfilled on " + resource + "." + GROUP + " \"" + name + "\": " + err, effect, source);
    }

    /** errors.NewInternalError: {@code Internal error occurred: <err>}. */
    static ApiAnswer internal(String err, VmEffect effect, String source) {
        return new ApiAnswer(500, "InternalError", "Internal error occurred: " + err, effect, source);
    }

    /** errors.NewNotFound: {@code <resource>.kubevirt.io "<name>" not found}. */
    static ApiAnswer notFound(String resource, String name, String source) {
        return new ApiAnswer(404, "NotFound", resource + "." + GROUP + " \"" + name + "\" not found", VmEffect.NONE, source);
    }

    /** errors.NewBadRequest. */
    static ApiAnswer badRequest(String message, String source) {
        return new ApiAnswer(400, "BadRequest", message, VmEffect.NONE, source);
    }
}
