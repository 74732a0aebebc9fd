package io.barwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ErrorCode}, the codes the sources raise, and docs/error-codes.md say the same. */
class ErrorCodesTest {
    static final Path DOC = Path.of("docs/error-codes.md");

    /** A code written as a literal where an error is made: new InvalidInputException("x", ..., node.error("x", ..., a Diagnostic's code. */
    static final Pattern LITERAL = Pattern.compile("(?:InvalidInputException|error|super|pair|unknownDiag)\\(\\s*\"([a-z0-9-]+)\"\\s*,"
            + "|Severity\\.[A-Z]+,\\s*\"([a-z0-9-]+)\"");
    static final Pattern CONSTANT = Pattern.compile("ErrorCode\\.([A-Z0-9_]+)");

    static String sources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("ErrorCode.java")).sorted().toList()) {
                all.append(Files.readString(p)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void everyCodeTheSourcesRaiseIsInTheTable() throws IOException {
        Set<String> unknown = new TreeSet<>();
        Matcher m = LITERAL.matcher(sources());
        while (m.find()) {
            String code = m.group(1) != null ? m.group(1) : m.group(2);
            if (ErrorCode.of(code) == null) unknown.add(code);
        }
        assertThat(unknown).as("codes raised but not in ErrorCode (add them there and to docs/error-codes.md)").isEmpty();
    }

    @Test
    void everyCodeInTheTableIsRaised() throws IOException {
        String src = sources();
        Set<String> used = new TreeSet<>();
        Matcher m = LITERAL.matcher(src);
        while (m.find()) used.add(m.group(1) != null ? m.group(1) : m.group(2));
        Matcher c = CONSTANT.matcher(src);
        while (c.find()) used.add(ErrorCode.valueOf(c.group(1)).id());
        List<String> unused = new ArrayList<>();
        for (ErrorCode e : ErrorCode.values()) if (!used.contains(e.id())) unused.add(e.id());
        assertThat(unused).as("codes in ErrorCode that nothing raises").isEmpty();
    }

    @Test
    void docsTableIsTheEnum() throws IOException {
        StringBuilder table = new StringBuilder("| code | meaning | raised by |\n|---|---|---|\n");
        for (ErrorCode e : ErrorCode.values()) table.append("| `").append(e.id()).append("` | ").append(e.meaning()).append(" | ").append(e.where()).append(" |\n");
        assertThat(Files.readString(DOC)).as("%s is out of step with ErrorCode; its table must read:\n%s", DOC, table).contains(table);
    }
}
