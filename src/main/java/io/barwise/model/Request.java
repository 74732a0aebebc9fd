package io.barwise.model;

/**
 * One mmap request. Exactly one of {@code node} and {@code intent} may be set; with neither, the
 * site policy's intent for the BAR applies. {@code length} null means the whole BAR (rounded up to
 * pages). A granted mapping stays held for the requests after it unless {@code hold} is false.
 */
public record Request(int id, String device, int bar, NodeKind node, Intent intent,
                      long offset, Long length, Prot prot, boolean shared, boolean hold) {

    public Request {
        if (node != null && intent != null) throw new IllegalArgumentException("give either node or intent, not both");
        if (prot == null) prot = Prot.READ_WRITE;
    }

    public static Request node(int id, String device, int bar, NodeKind node) {
        return new Request(id, device, bar, node, null, 0, null, Prot.READ_WRITE, true, true);
    }

    public static Request intent(int id, String device, int bar, Intent intent) {
        return new Request(id, device, bar, null, intent, 0, null, Prot.READ_WRITE, true, true);
    }

    /** How the request reads in messages: {@code 0000:00:02.0 BAR2 resource2_wc}. */
    public String describe() {
        String what = node != null ? node.nodeName(bar) : intent != null ? "intent " + intent.id() : "policy intent";
        return device + " BAR" + bar + " " + what;
    }
}
