package io.barwise.engine;

import io.barwise.audit.AuditLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.definitions.InternalKnowledgePackage;

/**
 * User DRL compiled once and kept on disk, keyed by the SHA-256 of the files' contents and of the
 * built-in model it was compiled against. Lives in {@code $BARWISE_CACHE}, else
 * {@code $XDG_CACHE_HOME/barwise}, else {@code ~/.cache/barwise}. An entry that cannot be read is
 * ignored and rewritten; a cache that cannot be written is simply not used.
 */
final class CompiledRuleCache {
    private final Path file;

    private CompiledRuleCache(Path file) { this.file = file; }

    static CompiledRuleCache forFiles(List<Path> drl, String builtInModel) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(builtInModel.getBytes(StandardCharsets.UTF_8));
        parts.add(System.getProperty("java.version").getBytes(StandardCharsets.UTF_8));
        for (Path p : drl) {
            try {
                parts.add(Files.readAllBytes(p));
            } catch (IOException e) {
                // Unreadable files are reported by the compiler with their location.
                return new CompiledRuleCache(null);
            }
        }
        return new CompiledRuleCache(dir().resolve("drl-" + AuditLog.hash(parts.toArray(byte[][]::new)) + ".bin"));
    }

    static Path dir() {
        String explicit = System.getenv("BARWISE_CACHE");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("barwise");
    }

    /** The cached packages, or null when there is no usable entry. */
    @SuppressWarnings("unchecked")
    List<InternalKnowledgePackage> load() {
        if (file == null || !Files.isRegularFile(file)) return null;
        try (InputStream raw = Files.newInputStream(file); DroolsObjectInputStream in = new DroolsObjectInputStream(raw)) {
            return (List<InternalKnowledgePackage>) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException | IllegalStateException e) {
            return null;
        }
    }

    void store(List<InternalKnowledgePackage> packages) {
        if (file == null) return;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "drl-", ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp); DroolsObjectOutputStream out = new DroolsObjectOutputStream(raw)) {
                out.writeObject(new ArrayList<>(packages));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // A read-only home or a full disk only costs the next run a compile.
        }
    }

    Path file() { return file; }
}
