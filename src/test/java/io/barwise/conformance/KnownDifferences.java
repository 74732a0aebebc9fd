package io.barwise.conformance;

import io.barwise.authoring.TestFile;
import java.util.Map;

/**
 * The conformance cases the reference model does not take, each with its reason. The reference model
 * (io.barwise.reference.ReferenceModel) decides only what the kernel does: it has no site policies and no
 * user DRL, and its decisions name no rules and carry no warnings, reasons or pgprot bits (so those
 * expectations are checked against the engine only, see ConformanceTest.REFERENCE_FIELDS). A case listed
 * here is skipped for the reference model, never for the engine; a disagreement that is not listed fails.
 */
final class KnownDifferences {
    private KnownDifferences() {}

    /** Case name -> why the reference model does not decide it. Adding an entry is a decision: say why. */
    static final Map<String, String> SKIP = Map.of();

    /** Why the reference model skips this case, or null when it must agree with every decision field. */
    static String whyReferenceSkips(TestFile.Test t) {
        if (!t.policies().isEmpty() || !t.rules().isEmpty()) return "site policies and user DRL are not in the reference model";
        return SKIP.get(t.name());
    }
}
