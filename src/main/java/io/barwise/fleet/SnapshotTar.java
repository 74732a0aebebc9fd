package io.barwise.fleet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Snapshots as tar streams ({@code barwise snapshot - > host.tar}; {@code barwise fleet} reads them):
 * the same layout as a snapshot directory. Reading is careful, since a fleet's tars come from many
 * hosts: only regular files, directories and relative symlinks; no absolute names and no {@code ..};
 * limits on the number of entries and on sizes; the result is read through {@code SafeRoot} anyway.
 */
public final class SnapshotTar {
    private SnapshotTar() {}

    static final int MAX_ENTRIES = 100_000;
    static final long MAX_FILE = 4L << 20;
    static final long MAX_TOTAL = 256L << 20;

    /** Writes the directory tree {@code dir} as a tar stream (sorted, so the same tree gives the same entry order). */
    public static void write(Path dir, OutputStream out) throws IOException {
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                if (!d.equals(dir)) paths.add(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                paths.add(f);
                return FileVisitResult.CONTINUE;
            }
        });
        paths.sort(Comparator.comparing(p -> dir.relativize(p).toString()));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Path p : paths) {
            String name = dir.relativize(p).toString().replace('\\', '/');
            TarArchiveEntry e;
            boolean regular = false;
            if (Files.isSymbolicLink(p)) {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name + "/");
            } else {
                e = new TarArchiveEntry(name);
                e.setSize(Files.size(p));
                regular = true;
            }
            e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
            tar.putArchiveEntry(e);
            if (regular) Files.copy(p, tar);
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /** Unpacks a snapshot tar (plain or gzip) into the empty directory {@code into}. */
    public static void extract(Path tarFile, Path into) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarFile))) {
            extract(tarFile.toString(), raw, into);
        }
    }

    static void extract(String name, InputStream raw, Path into) throws IOException {
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f & raw.read() == 0x8b;
        raw.reset();
        InputStream in = gzip ? new GzipCompressorInputStream(raw) : raw;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        int entries = 0;
        long total = 0;
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (++entries > MAX_ENTRIES) throw new IOException(name + ": more than " + MAX_ENTRIES + " entries");
            Path target = safe(name, into, e.getName());
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else if (e.isSymbolicLink()) {
                String link = e.getLinkName();
                if (link.isEmpty() || link.startsWith("/")) throw new IOException(name + ": " + e.getName() + ": symlink to an absolute path");
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(link));
            } else if (e.isFile() && !e.isLink()) {
                if (e.getSize() > MAX_FILE) throw new IOException(name + ": " + e.getName() + " is larger than " + (MAX_FILE >> 20) + " MiB");
                total += e.getSize();
                if (total > MAX_TOTAL) throw new IOException(name + ": more than " + (MAX_TOTAL >> 20) + " MiB in all");
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            } else {
                throw new IOException(name + ": " + e.getName() + ": only files, directories and symlinks may be in a snapshot");
            }
        }
    }

    private static Path safe(String name, Path into, String entry) throws IOException {
        String n = entry.startsWith("./") ? entry.substring(2) : entry;
        if (n.isEmpty() || n.equals(".") || n.equals("./")) return into;
        if (n.startsWith("/") || Stream.of(n.split("/")).anyMatch(".."::equals)) {
            throw new IOException(name + ": entry '" + entry + "' leaves the snapshot");
        }
        Path p = into.resolve(n).normalize();
        if (!p.startsWith(into)) throw new IOException(name + ": entry '" + entry + "' leaves the snapshot");
        // an earlier symlink entry must not become a way out: no directory on the way may be a link
        for (Path q = p.getParent(); q != null && !q.equals(into); q = q.getParent()) {
            if (Files.isSymbolicLink(q)) throw new IOException(name + ": entry '" + entry + "' goes through a symlink");
        }
        return p;
    }

    /** Deletes a directory tree made by {@link #extract} (symlinks are removed, never followed). */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException ex) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
