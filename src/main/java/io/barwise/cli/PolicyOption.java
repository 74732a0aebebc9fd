package io.barwise.cli;

import io.barwise.Inputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --policies PATH...}: the site policy (mixed into eval, scan and map). */
final class PolicyOption {
    @Option(names = "--policies", paramLabel = "PATH",
            description = "Site policy files or directories (repeatable). scan and map default to the policies/ shipped with barwise.")
    List<Path> paths = new ArrayList<>();

    /** Exactly what was given (eval: no policy unless named). */
    List<Path> given() { return paths; }

    /** What was given, else the shipped policies/ (scan, map). */
    List<Path> orShipped() { return Inputs.policiesOrShipped(paths); }
}
