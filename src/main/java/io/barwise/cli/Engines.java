package io.barwise.cli;

import io.barwise.Barwise;
import java.nio.file.Path;
import java.util.List;

/** The CLI decides through the same public facade that embedding tools use. */
final class Engines {
    private Engines() {}

    static Barwise create(List<Path> policies, List<Path> rules) {
        return Barwise.builder().policies(policies.toArray(Path[]::new)).rules(rules.toArray(Path[]::new)).build();
    }
}
