package io.barwise.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code barwise serve}: Jetty serving {@link Api} on a Unix domain socket (mode 0600, in a directory
 * only its owner can enter, by default) or, when asked, on a loopback TCP port that wants a bearer
 * token. Stopping finishes the requests in flight first (graceful, up to the stop timeout).
 */
public final class DecisionServer implements AutoCloseable {

    /** Where to listen: a Unix socket path, or a loopback host and port (port 0 picks a free one). */
    public record Listen(Path socket, String host, int port, String token) {
        public static Listen unix(Path socket) { return new Listen(socket, null, 0, null); }

        public static Listen tcp(String host, int port, String token) { return new Listen(null, host, port, token); }
    }

    public record Options(int maxBodyBytes, int maxRequests, long decideMillis, long stopMillis) {
        public static final Options DEFAULT = new Options(1 << 20, 10_000, 10_000, 10_000);
    }

    private final Server server;
    private final Api api;
    private final ExecutorService deciders;
    private final Listen listen;

    public DecisionServer(PolicySet policies, Listen listen, Options options) throws IOException {
        this.listen = listen;
        if (listen.socket() == null) {
            InetAddress a = InetAddress.getByName(listen.host());
            if (!a.isLoopbackAddress()) throw new IllegalArgumentException(listen.host() + " is not a loopback address: barwise serve listens on loopback only");
            if (listen.token() == null || listen.token().isBlank()) throw new IllegalArgumentException("TCP needs a bearer token (--token-file)");
        }
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("barwise-serve");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(options.stopMillis());
        deciders = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("barwise-decide-", 0).factory());
        api = new Api(policies, new Api.Limits(options.maxBodyBytes(), options.maxRequests(), options.decideMillis()), listen.token(), deciders);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(16 << 10);
        if (listen.socket() != null) {
            Path sock = listen.socket().toAbsolutePath();
            Path dir = sock.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.deleteIfExists(sock); // a stale socket of a server that died
            UnixDomainServerConnector c = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            c.setUnixDomainPath(sock);
            server.addConnector(c);
        } else {
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
            c.setHost(listen.host());
            c.setPort(listen.port());
            server.addConnector(c);
        }
        server.setHandler(new GracefulHandler(api));
    }

    public void start() throws Exception {
        server.start();
        if (listen.socket() != null) {
            Files.setPosixFilePermissions(listen.socket().toAbsolutePath(), PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Where it listens: the socket path, or host:port with the port actually bound. */
    public String address() {
        if (listen.socket() != null) return "unix:" + listen.socket().toAbsolutePath();
        return listen.host() + ":" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public void join() throws InterruptedException { server.join(); }

    /** Stops accepting, lets the requests in flight finish (up to the stop timeout), then stops. */
    @Override
    public void close() throws Exception {
        server.stop();
        deciders.shutdown();
        if (listen.socket() != null) Files.deleteIfExists(listen.socket().toAbsolutePath());
    }
}
