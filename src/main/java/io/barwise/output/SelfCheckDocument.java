package io.barwise.output;

import io.barwise.mapper.SelfCheck;
import java.util.Map;

/** {@code kind: SelfCheckReport}: what {@code barwise selfcheck} observed against what the model predicted. */
public final class SelfCheckDocument {
    private SelfCheckDocument() {}

    public static Map<String, Object> of(SelfCheck.Result r) {
        Map<String, Object> doc = Contract.document(Contract.Kind.SELF_CHECK_REPORT);
        doc.putAll(SelfCheck.document(r));
        return doc;
    }
}
