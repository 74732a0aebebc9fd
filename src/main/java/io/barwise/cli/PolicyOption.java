package io.barwise.cli;

import io.barwise.policy.SitePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --policies PATH...}: the site policy (mixed into eval, scan and map, which agree on the default). */
final class PolicyOption {
    @Option(names = "--policies", paramLabel = "PATH",
            description = "Site policy files or directories (repeatable; default: " + SitePolicy.SYSTEM_DIR
                    + " if it exists, else the policy built into barwise).")
    List<Path> paths = new ArrayList<>();

    /** What was given, else /etc/barwise/policies, else the built-in policy (never the working directory). */
    SitePolicy site() { return SitePolicy.resolve(paths); }
}
