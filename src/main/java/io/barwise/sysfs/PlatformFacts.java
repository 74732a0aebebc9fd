package io.barwise.sysfs;

import io.barwise.model.Platform;
import java.util.List;

/** The platform read from a machine, with one {@link Fact} per field saying where it came from. */
public record PlatformFacts(Platform platform, List<Fact> facts) {
    public PlatformFacts {
        facts = List.copyOf(facts);
    }

    /** The facts that could not be read and took the default. */
    public List<Fact> defaulted() { return facts.stream().filter(Fact::defaulted).toList(); }
}
