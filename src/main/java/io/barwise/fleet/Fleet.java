package io.barwise.fleet;

import io.barwise.Barwise;
import io.barwise.output.FleetDocument.Host;
import io.barwise.sysfs.SafeRoot;
import io.barwise.sysfs.SysfsMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A fleet audit in one process: every snapshot in a directory (one per host: a snapshot directory, or a
 * {@code .tar}/{@code .tar.gz} made by {@code barwise snapshot -}) is scanned with one shared
 * {@link Barwise}, several hosts at a time. Results come back in the directory's (sorted) order.
 */
public final class Fleet {
    private Fleet() {}

    /** The snapshots in {@code dir}: sub-directories and tar files, sorted by name. */
    public static List<Path> snapshots(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || isTar(p)).sorted().toList();
        }
    }

    static boolean isTar(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && (n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz"));
    }

    /** Scans each snapshot on {@code jobs} threads and hands each host to {@code sink} in input order. */
    public static void run(List<Path> snapshots, Barwise barwise, int jobs, Consumer<Host> sink) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "barwise-fleet");
            t.setDaemon(true);
            return t;
        });
        try {
            // at most a few hosts ahead of the consumer, so memory stays bounded whatever the fleet's size
            int window = Math.max(1, jobs) * 4;
            List<Future<Host>> pending = new ArrayList<>();
            int next = 0;
            for (int done = 0; done < snapshots.size(); done++) {
                while (next < snapshots.size() && pending.size() < window) {
                    Path p = snapshots.get(next++);
                    pending.add(pool.submit(() -> scan(p, barwise)));
                }
                sink.accept(pending.removeFirst().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One host: a directory read in place, a tar unpacked into a temporary directory first. */
    public static Host scan(Path snapshot, Barwise barwise) {
        String source = snapshot.getFileName().toString();
        Path tmp = null;
        try {
            Path root = snapshot;
            if (isTar(snapshot)) {
                tmp = Files.createTempDirectory("barwise-fleet-");
                SnapshotTar.extract(snapshot, tmp);
                root = tmp;
            }
            SysfsMachine m = SysfsMachine.at(root);
            return new Host(source, MachineScan.scan(m, source, barwise), null);
        } catch (IOException | SafeRoot.UncheckedEscape | io.barwise.model.InvalidInputException e) {
            return new Host(source, null, e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    SnapshotTar.delete(tmp);
                } catch (IOException e) {
                    // a leftover temporary directory is not worth failing the audit for
                }
            }
        }
    }
}
