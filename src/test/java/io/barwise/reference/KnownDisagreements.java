package io.barwise.reference;

import io.barwise.reference.ReferenceModel.Deviation;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one explicit list of disagreements between the engine and the reference model that are known
 * and written up in src/test/resources/differential/disagreements.md.
 *
 * <p>Each entry names a deliberate {@link Deviation} of the reference model that reproduces what the
 * engine does. A scenario counts as an instance of the entry only if the model, departing from the
 * kernel in exactly that way, agrees with the engine on every request of the scenario. Anything else
 * is a new disagreement and fails the differential test.
 */
final class KnownDisagreements {
    private KnownDisagreements() {}

    record Known(String id, Set<Deviation> deviations, ReferenceModel model, String summary) {
        Known(String id, Set<Deviation> deviations, String summary) {
            this(id, deviations, new ReferenceModel(deviations), summary);
        }
    }

    static final List<Known> LIST = List.of(
            new Known("D1-pat-range-in-bytes", EnumSet.of(Deviation.BYTE_RANGE),
                    "PAT lookups and held reservations use [start, start+length) in bytes; the kernel tracks the VMA's whole pages"),
            new Known("D2-signed-range-overflow", EnumSet.of(Deviation.SIGNED_RANGE),
                    "start+length past 2^63 wraps negative and the PAT overlap test then finds no entry"),
            new Known("D1+D2", EnumSet.of(Deviation.BYTE_RANGE, Deviation.SIGNED_RANGE), "both of the above in one scenario"));

    /** The id of the known disagreement this mismatch is an instance of, or null if it is new. */
    static String classify(Differential.Mismatch m) {
        if (m.engineReport() == null) return null; // the engine threw: never known
        for (Known k : LIST) {
            if (Differential.agree(k.model().decide(m.scenario()), m.engineReport())) return k.id();
        }
        return null;
    }
}
