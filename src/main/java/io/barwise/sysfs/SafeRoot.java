package io.barwise.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory taken as the root of a machine ({@code /} for the live machine, a snapshot
 * directory otherwise). Every path is resolved component by component, as a chroot would:
 * symbolic links are followed only while they stay inside the root (an absolute target counts
 * from the root, not from the real {@code /}), and a {@code ..} or link that would leave the root
 * is refused with {@link EscapeException}. Nothing is ever read outside the root.
 */
public final class SafeRoot {
    /** Thrown when a path (a {@code ..} or a symlink) would lead out of the root. */
    public static final class EscapeException extends IOException {
        public EscapeException(String message) { super(message); }
    }

    private static final int MAX_LINKS = 40;
    private static final long MAX_READ = 4 << 20;

    private final Path root;

    public SafeRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    public boolean isLive() { return root.getNameCount() == 0; }

    /**
     * The real path of {@code rel} (relative to the root, or absolute meaning "from the root")
     * with every symlink resolved inside the root. The last component need not exist.
     */
    public Path resolve(String rel) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(rel));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (done.isEmpty()) throw new EscapeException("'" + rel + "' leads out of " + root + " through '..'");
                done.pollLast();
                continue;
            }
            Path here = join(done).resolve(c);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) throw new EscapeException("'" + rel + "': too many symbolic links under " + root);
                String target = Files.readSymbolicLink(here).toString();
                List<String> parts = split(target);
                if (target.startsWith("/")) {
                    if (!isLive()) throw new EscapeException("'" + rel + "': link " + root.relativize(here) + " -> " + target + " is absolute");
                    done.clear();
                }
                for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
                continue;
            }
            done.addLast(c);
        }
        return join(done);
    }

    private Path join(Deque<String> parts) {
        Path p = root;
        for (String s : parts) p = p.resolve(s);
        return p;
    }

    private static List<String> split(String s) {
        return Stream.of(s.split("/")).filter(x -> !x.isEmpty()).toList();
    }

    /** The text of a file inside the root, or empty if it does not exist or cannot be read. */
    public Optional<String> read(String rel) {
        try {
            Path p = resolve(rel);
            if (!Files.isRegularFile(p) && !isSpecialReadable(p)) return Optional.empty();
            return Optional.of(new String(slurp(p), StandardCharsets.UTF_8));
        } catch (EscapeException e) {
            throw new UncheckedEscape(e);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The raw bytes of a file inside the root (for compressed files), or empty. */
    public Optional<byte[]> readBytes(String rel) {
        try {
            Path p = resolve(rel);
            if (!Files.isRegularFile(p)) return Optional.empty();
            return Optional.of(slurp(p));
        } catch (EscapeException e) {
            throw new UncheckedEscape(e);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads up to MAX_READ bytes with plain read(2) calls. Not InputStream.readNBytes: on a file
     * channel the JDK asks for the size and position first, and pseudo files that cannot seek
     * (securityfs lockdown) then fail with "Illegal seek" (seen in a Debian 6.1 guest).
     */
    private static byte[] slurp(Path p) throws IOException {
        try (var in = new java.io.FileInputStream(p.toFile())) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while (out.size() < MAX_READ && (n = in.read(buf, 0, (int) Math.min(buf.length, MAX_READ - out.size()))) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static boolean isSpecialReadable(Path p) {
        // procfs/sysfs files are regular files; nothing else (fifos, devices) is read as text
        return false;
    }

    /** True if {@code rel} exists inside the root (after resolving links inside the root). */
    public boolean exists(String rel) {
        try {
            return Files.exists(resolve(rel), LinkOption.NOFOLLOW_LINKS);
        } catch (EscapeException e) {
            throw new UncheckedEscape(e);
        } catch (IOException e) {
            return false;
        }
    }

    /** Names in a directory inside the root, sorted; empty if it is not a readable directory. */
    public List<String> list(String rel) {
        try {
            Path p = resolve(rel);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return List.of();
            try (Stream<Path> s = Files.list(p)) {
                return s.map(x -> x.getFileName().toString()).sorted().toList();
            }
        } catch (EscapeException e) {
            throw new UncheckedEscape(e);
        } catch (IOException e) {
            return List.of();
        } catch (java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** The last component of a symlink's target (the name a sysfs {@code driver} link points at), without following it. */
    public Optional<String> linkName(String rel) {
        try {
            Path p = resolve(parent(rel)).resolve(lastName(rel));
            if (!Files.isSymbolicLink(p)) return Optional.empty();
            Path t = Files.readSymbolicLink(p);
            return t.getFileName() == null ? Optional.empty() : Optional.of(t.getFileName().toString());
        } catch (EscapeException e) {
            throw new UncheckedEscape(e);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True if {@code rel} is a symbolic link (not followed). */
    public boolean isLink(String rel) {
        try {
            return Files.isSymbolicLink(resolve(parent(rel)).resolve(lastName(rel)));
        } catch (EscapeException e) {
            throw new UncheckedEscape(e);
        } catch (IOException e) {
            return false;
        }
    }

    static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i <= 0 ? "" : rel.substring(0, i);
    }

    static String lastName(String rel) {
        String n = rel.substring(rel.lastIndexOf('/') + 1);
        if (n.isEmpty() || n.equals("..") || n.equals(".")) throw new IllegalArgumentException("'" + rel + "' does not name a file");
        return n;
    }

    /** An {@link EscapeException} through APIs that do not throw IOException. */
    public static final class UncheckedEscape extends RuntimeException {
        public UncheckedEscape(EscapeException e) { super(e.getMessage(), e); }
    }
}
