package io.barwise;

import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The DRL files a path names: the file itself, or every {@code .drl} below a directory, sorted. */
public final class DrlFiles {
    private DrlFiles() {}

    public static List<Path> under(Path p) {
        if (Files.isRegularFile(p)) return List.of(p);
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException(ErrorCode.NO_SUCH_FILE, new SourceLocation(p.toString(), 0, 0, ""), "no such file or directory", null);
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(f -> f.toString().endsWith(".drl") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(ErrorCode.UNREADABLE, new SourceLocation(p.toString(), 0, 0, ""), "cannot list: " + e.getMessage(), null);
        }
    }
}
