package io.barwise.fleet;

import io.barwise.output.ReportDocument.Tally;
import java.util.Collection;

/** {@code --fail-on}: which findings make an audit exit 2. */
public enum FailOn {
    degraded, refused, denied;

    /** True when the tally has a finding of any of these kinds. */
    public static boolean hit(Collection<FailOn> on, Tally t) {
        for (FailOn f : on) {
            long n = switch (f) {
                case degraded -> t.degraded();
                case refused -> t.refused();
                case denied -> t.denied();
            };
            if (n > 0) return true;
        }
        return false;
    }
}
