package io.barwise.output;

import io.barwise.model.Alternative;
import io.barwise.model.Decision;
import io.barwise.model.Intent;

/**
 * The machine-readable verdicts of a decision, beside its English text. The engine states them in
 * its reasons and notes: the intent in force is the reason {@code intent ID (from ...)}
 * ({@code DecisionEngine}), and a degraded choice carries the warning {@code degraded: ...}
 * ({@code rules/choice/choose.drl}). Reading them from text is fragile: a typed field on
 * {@link Decision} would be better, and a change of those texts must keep these prefixes.
 */
public final class Verdicts {
    private Verdicts() {}

    /** The intent the decision served: the request's, or the site policy's; null for a request naming a node. */
    public static Intent intent(Decision d) {
        if (d.request().intent() != null) return d.request().intent();
        if (d.request().node() != null) return null;
        for (String r : d.reasons()) {
            if (!r.startsWith("intent ")) continue;
            int end = r.indexOf(' ', "intent ".length());
            String id = r.substring("intent ".length(), end < 0 ? r.length() : end);
            try {
                return Intent.parse(id);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** Mapped, but no node gives what the intent asks, so a lesser one was taken. */
    public static boolean degraded(Decision d) {
        return d.granted() && d.warnings().stream().anyMatch(w -> w.startsWith("degraded:"));
    }

    /** Null when no intent applies; else whether the mapping gives what the intent asks (page attributes and effective type). */
    public static Boolean fulfilsIntent(Decision d) {
        if (intent(d) == null) return null;
        return d.granted() && !degraded(d);
    }

    /** Whether the kernel would grant this alternative (its verdict starts with {@code granted}). */
    public static boolean granted(Alternative a) {
        return a.verdict().startsWith("granted");
    }
}
