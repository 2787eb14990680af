package com.github.archgraph.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingImpl;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.config.Setting;

/**
 * archgraph's local Neo4j: Neo4j community edition embedded in this JVM, reachable over Bolt.
 *
 * <p>Why embedded: the machines this project runs on have no Docker and no Neo4j package, but
 * they do have Java and Maven, and Neo4j's embedded API plus its Bolt connector is the whole
 * server minus the HTTP/browser bits we do not use. Drivers (Go, etc.) cannot tell the difference.
 *
 * <p>Configured only through environment variables, so that {@code scripts/neo4j} stays the one
 * place that knows the defaults (they are repeated here so that the class also runs by hand):
 *
 * <ul>
 *   <li>{@code NEO4J_HOME_DIR} - the instance's home; the store lives in {@code data/}, Neo4j's
 *       own logs in {@code logs/} (default {@code .data/neo4j}, relative to the working dir);
 *   <li>{@code NEO4J_BOLT_ADDR} - Bolt listen address {@code host:port} (default 127.0.0.1:7687);
 *   <li>{@code NEO4J_PAGECACHE} - page cache size (default 512m);
 *   <li>{@code NEO4J_TX_TIMEOUT} - transaction timeout (default 60s);
 *   <li>{@code NEO4J_TX_MEMORY} - cap on memory of all transactions together (default 512m);
 *   <li>{@code NEO4J_PASSWORD} - if set (8+ characters), auth is on and it becomes the password
 *       of user {@code neo4j}; if unset, auth is off (a loopback-only dev database).
 * </ul>
 *
 * <p>Sizes and durations use neo4j.conf syntax ({@code 512m}, {@code 1g}, {@code 60s}, {@code 2m}).
 * The JVM heap is not set here: the launcher script passes {@code -Xmx}.
 */
public final class EmbeddedNeo4j {

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        try {
            run();
        } catch (IllegalArgumentException e) {
            log("failed: bad configuration: " + e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            // Print and exit: a half-started Neo4j may leave non-daemon threads behind.
            log("failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        Path home = Path.of(env("NEO4J_HOME_DIR", ".data/neo4j")).toAbsolutePath().normalize();
        SocketAddress bolt = parseBoltAddress(env("NEO4J_BOLT_ADDR", "127.0.0.1:7687"));
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                // What the server tells routing (neo4j://) clients to connect to.
                .setConfig(BoltConnector.advertised_address, advertised(bolt))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // Bounded memory: the heap is -Xmx (set by the script), the page cache is off-heap,
                // and the transaction pool caps what all running queries may allocate together.
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        parse(GraphDatabaseSettings.pagecache_memory, env("NEO4J_PAGECACHE", "512m")))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        parse(GraphDatabaseSettings.memory_transaction_global_max_size,
                                env("NEO4J_TX_MEMORY", "512m")))
                // A runaway query from a test must not hold the database forever.
                .setConfig(GraphDatabaseSettings.transaction_timeout,
                        parse(GraphDatabaseSettings.transaction_timeout, env("NEO4J_TX_TIMEOUT", "60s")))
                // Transaction logs grow as needed instead of starting at 256 MiB per database,
                // so a fresh (test) instance takes a few MB of disk, not half a GB.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Never phone home from a dev/CI machine.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's default 5 s "quiet period" would make every stop 5 s slower; by the
                // time Bolt shuts down the databases are already closed, so there is nothing to wait for.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);

        log("starting Neo4j " + neo4jVersion() + " in " + home);
        DatabaseManagementService dbms = builder.build();

        // Runs on SIGTERM/SIGINT and on normal exit: shutdown() checkpoints the store so that the
        // next start needs no recovery. (After kill -9 Neo4j recovers from its transaction log.)
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping");
            try {
                dbms.shutdown();
                log("stopped");
            } finally {
                stopped.countDown();
            }
        }, "archgraph-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
            log("database '" + db.databaseName() + "' did not become available");
            System.exit(1);
        }
        if (auth) {
            setPassword(dbms, password);
        }
        log(auth ? "auth on (user neo4j, password from NEO4J_PASSWORD)" : "auth off");
        waitForPort(bolt, Duration.ofSeconds(30));
        log("ready bolt://" + bolt);

        // All work happens on Neo4j's threads; keep main alive until the shutdown hook finishes.
        stopped.await();
    }

    /**
     * Sets the password of the built-in user {@code neo4j} on every start, so that it always
     * matches {@code NEO4J_PASSWORD}. Embedded code runs with full rights, so this needs no
     * login; "CHANGE NOT REQUIRED" skips the forced change at first login. Neo4j refuses to
     * "change" a password to the one it already has, which here just means it is already set.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /** Accepts {@code host:port}, {@code :port} or {@code port}; the host defaults to 127.0.0.1. */
    static SocketAddress parseBoltAddress(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? "" : v.substring(0, colon);
        String port = colon < 0 ? v : v.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new SocketAddress(host.isEmpty() ? "127.0.0.1" : host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NEO4J_BOLT_ADDR: expected host:port, got '" + value + "'");
        }
    }

    /** A wildcard listen address cannot be connected to; tell clients to use localhost instead. */
    private static SocketAddress advertised(SocketAddress listen) {
        String host = listen.getHostname();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
        return new SocketAddress(wildcard ? "localhost" : host, listen.getPort());
    }

    /** build() starts Bolt before it returns; this just makes the "ready" line a promise. */
    private static void waitForPort(SocketAddress address, Duration timeout) throws InterruptedException {
        String host = advertised(address).getHostname();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, address.getPort()), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt is not listening on " + address, e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Parses a value with the setting's own parser, so values use exactly neo4j.conf's syntax. */
    private static <T> T parse(Setting<T> setting, String value) {
        try {
            return ((SettingImpl<T>) setting).parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting.name() + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String neo4jVersion() {
        String v = DatabaseManagementService.class.getPackage().getImplementationVersion();
        return v == null ? "(unknown version)" : v;
    }

    private static void log(String message) {
        System.out.println("archgraph-neo4j " + message);
        System.out.flush();
    }
}
