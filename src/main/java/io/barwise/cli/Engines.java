package io.barwise.cli;

import io.barwise.engine.DecisionEngine;
import io.barwise.policy.PolicyReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the engine the commands share from --policies and --rules options. */
final class Engines {
    private Engines() {}

    static DecisionEngine create(List<Path> policies, List<Path> rules) {
        return DecisionEngine.create(PolicyReader.read(policies), drlFiles(rules));
    }

    static List<Path> drlFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) out.addAll(io.barwise.DrlFiles.under(p));
        return out;
    }
}
