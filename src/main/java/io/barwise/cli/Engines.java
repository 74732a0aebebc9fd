package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.policy.SitePolicy;
import java.nio.file.Path;
import java.util.List;

/** The CLI decides through the same public facade that embedding tools use. */
final class Engines {
    private Engines() {}

    static Barwise create(List<Path> policies, List<Path> rules) {
        return Barwise.builder().policies(policies.toArray(Path[]::new)).rules(rules.toArray(Path[]::new)).build();
    }

    /** An engine under the site policy (given, the machine's, or built in) and extra DRL. */
    static Barwise create(SitePolicy site, List<Path> rules) {
        Barwise.Builder b = Barwise.builder().policies(site.files().toArray(Path[]::new)).rules(rules.toArray(Path[]::new));
        if (site.builtIn()) b.builtInPolicy();
        return b.build();
    }

    /** Says which policy decides: a line of the table, or on stderr when stdout is a JSON/YAML document. */
    static void announce(picocli.CommandLine.Model.CommandSpec spec, SitePolicy site, boolean table) {
        (table ? spec.commandLine().getOut() : spec.commandLine().getErr()).println("policy: " + site.description());
    }
}
