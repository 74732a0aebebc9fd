package io.barwise.sysfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a POSIX ustar archive of a directory (regular files, directories, symlinks kept as
 * symlinks), so a snapshot travels as one file, e.g. in a bug report. Entry names are relative,
 * under {@code prefix/}; long names use the ustar prefix field (at most 255 bytes in all).
 */
public final class Tar {
    private Tar() {}

    /** Appends {@code dir} (recursively, sorted) under {@code prefix}; does not close {@code out}. */
    public static void directory(OutputStream out, Path dir, String prefix) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.sorted().toList();
        }
        for (Path p : paths) {
            String rel = dir.relativize(p).toString().replace('\\', '/');
            String name = rel.isEmpty() ? prefix + "/" : prefix + "/" + rel;
            if (Files.isSymbolicLink(p)) {
                header(out, name, 0, '2', Files.readSymbolicLink(p).toString(), 0777);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                header(out, name.endsWith("/") ? name : name + "/", 0, '5', "", 0755);
            } else {
                file(out, name, Files.readAllBytes(p));
            }
        }
    }

    /** Appends one regular file. */
    public static void file(OutputStream out, String name, byte[] data) throws IOException {
        header(out, name, data.length, '0', "", 0644);
        out.write(data);
        int pad = (512 - data.length % 512) % 512;
        out.write(new byte[pad]);
    }

    /** The two zero blocks that end an archive. */
    public static void finish(OutputStream out) throws IOException {
        out.write(new byte[1024]);
    }

    private static void header(OutputStream out, String name, long size, char type, String link, int mode) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        if (n.length > 100) {
            int cut = name.lastIndexOf('/', name.length() - 2);
            while (cut > 0 && (name.length() - cut - 1 > 100 || cut > 155)) cut = name.lastIndexOf('/', cut - 1);
            if (cut <= 0) throw new IOException("path too long for a tar entry: " + name);
            prefix = name.substring(0, cut);
            name = name.substring(cut + 1);
        }
        put(h, 0, 100, name);
        put(h, 100, 8, String.format("%07o", mode));
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", System.currentTimeMillis() / 1000));
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        put(h, 345, 155, prefix);
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        out.write(h);
    }

    private static void put(byte[] h, int off, int len, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > len) throw new IOException("tar header field too long: " + s);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
