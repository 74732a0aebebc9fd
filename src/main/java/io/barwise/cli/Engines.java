package io.barwise.cli;

import io.barwise.engine.DecisionEngine;
import io.barwise.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Builds the engine the commands share from --policies and --rules options. */
final class Engines {
    private Engines() {}

    static DecisionEngine create(List<Path> policies, List<Path> rules) {
        return DecisionEngine.create(PolicyReader.read(policies), drlFiles(rules));
    }

    static List<Path> drlFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".drl")).sorted().forEach(out::add);
                } catch (java.io.IOException e) {
                    throw new io.barwise.model.InvalidInputException("unreadable", new io.barwise.model.SourceLocation(p.toString(), 0, 0, ""),
                            "cannot list: " + e.getMessage(), null);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new io.barwise.model.InvalidInputException("no-such-file", new io.barwise.model.SourceLocation(p.toString(), 0, 0, ""),
                        "no such file or directory", null);
            }
        }
        return out;
    }
}
