package io.barwise.policy;

import io.barwise.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which site policy applies. Files named on the command line replace the default; without them the
 * machine's policy directory {@value #SYSTEM_DIR} is used when it exists (the Debian package puts the
 * shipped policy there as conffiles, so local edits survive upgrades), else the shipped policy built
 * into barwise. Never the working directory: the answer must not depend on where barwise is run.
 *
 * @param files       the policy files or directories given or found; empty for the built-in policy
 * @param builtIn     the shipped policy from barwise's own jar
 * @param description one line for the output, e.g. {@code built-in (policies/default.yaml of barwise 0.2.0)}
 */
public record SitePolicy(List<Path> files, boolean builtIn, String description) {

    /** The machine-wide policy directory. */
    public static final String SYSTEM_DIR = "/etc/barwise/policies";
    /** The shipped policy inside the jar (copied from policies/default.yaml at build time). */
    static final String RESOURCE = "/io/barwise/policies/default.yaml";
    /** The file name errors and explanations give for the built-in policy's rules. */
    public static final String BUILT_IN_NAME = "built-in:policies/default.yaml";

    public SitePolicy {
        files = List.copyOf(files);
    }

    /** The policy for {@code given} paths (from {@code --policies}), looking in {@value #SYSTEM_DIR} when none are given. */
    public static SitePolicy resolve(List<Path> given) {
        return resolve(given, Path.of(SYSTEM_DIR));
    }

    static SitePolicy resolve(List<Path> given, Path systemDir) {
        if (!given.isEmpty()) return new SitePolicy(given, false, String.join(", ", given.stream().map(Path::toString).toList()));
        if (Files.isDirectory(systemDir)) return new SitePolicy(List.of(systemDir), false, systemDir + " (the machine's policy)");
        return new SitePolicy(List.of(), true, "built-in (policies/default.yaml of barwise " + io.barwise.BuildInfo.current().version() + ")");
    }

    /** Every rule of this policy, read and compiled. */
    public List<PolicyRule> read() {
        List<PolicyRule> rules = new ArrayList<>(PolicyReader.read(files));
        if (builtIn) rules.addAll(builtInRules());
        return rules;
    }

    /** The bytes of every policy file in reading order (for the audit log's input hash). */
    public List<byte[]> contents() {
        List<byte[]> out = new ArrayList<>();
        try {
            for (Path p : PolicyReader.files(files)) out.add(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (builtIn) out.add(builtInText().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** The shipped policy's rules, read from the jar. */
    public static List<PolicyRule> builtInRules() {
        return PolicyReader.read(YamlReader.parse(BUILT_IN_NAME, builtInText()));
    }

    /** The shipped policy's text, as in the jar. */
    public static String builtInText() {
        try (InputStream in = SitePolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("barwise is incomplete: " + RESOURCE + " is missing from its jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
