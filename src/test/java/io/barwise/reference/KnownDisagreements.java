package io.barwise.reference;

import io.barwise.reference.ReferenceModel.Deviation;
import java.util.ArrayList;
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

    /** One known disagreement: the deviation of the reference model that reproduces the engine. */
    record Known(String id, Deviation deviation, String summary) {}

    /**
     * THE list. Adding an entry here is a decision: write it up in disagreements.md first. D1-D3
     * were fixed in the rules and are conformance cases now.
     */
    static final List<Known> LIST = List.of(
            new Known("D4", Deviation.NAMED_DEVICES_ONLY,
                    "the engine sees only the devices requests name, so another device's busy BAR in the same page is missed"));

    private static final List<Set<Deviation>> SUBSETS = new ArrayList<>();
    private static final List<ReferenceModel> MODELS = new ArrayList<>();

    static {
        int n = LIST.size();
        for (int size = 1; size <= n; size++) {
            for (int mask = 1; mask < (1 << n); mask++) {
                if (Integer.bitCount(mask) != size) continue;
                EnumSet<Deviation> d = EnumSet.noneOf(Deviation.class);
                for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) d.add(LIST.get(i).deviation());
                SUBSETS.add(d);
                MODELS.add(new ReferenceModel(d));
            }
        }
    }

    /**
     * The ids (e.g. {@code D2+D3}) of the smallest set of known disagreements that explains this
     * mismatch completely, or null if none does: then it is new.
     */
    static String classify(Differential.Mismatch m) {
        for (int i = 0; i < SUBSETS.size(); i++) {
            boolean explained;
            if (m.engineReport() == null) {
                // the engine threw: known only if the deviating model throws the very same exception
                try {
                    MODELS.get(i).decide(m.scenario());
                    explained = false;
                } catch (RuntimeException e) {
                    explained = (e.getClass().getSimpleName() + ": " + e.getMessage()).equals(m.exception());
                }
            } else {
                try {
                    explained = Differential.agree(MODELS.get(i).decide(m.scenario()), m.engineReport());
                } catch (RuntimeException e) {
                    explained = false; // this deviation set does not reproduce the engine (it even throws)
                }
            }
            if (explained) {
                Set<Deviation> d = SUBSETS.get(i);
                return String.join("+", LIST.stream().filter(k -> d.contains(k.deviation())).map(Known::id).toList())
                        + (m.engineReport() == null ? " (engine throws)" : "");
            }
        }
        return null;
    }
}
