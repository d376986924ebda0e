package newsgraph.tools.neo4jlauncher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a real Neo4j Community DBMS (the same kernel, Cypher runtime and Bolt
 * server as the packaged server) for integration tests, with a Bolt
 * listener on a loopback port and no HTTP connector.
 *
 * <pre>
 * java -Xmx1g [jvm flags] -jar neo4j-launcher.jar --data-dir DIR --port N
 *      [--host 127.0.0.1] [--pagecache 256m] [--password SECRET]
 * </pre>
 *
 * Without --password authentication is disabled (any or no credentials are
 * accepted). With it, authentication is enabled and the user "neo4j" gets
 * that password (no forced change).
 *
 * Prints "NEO4J READY bolt://HOST:PORT" on stdout once Bolt accepts
 * connections, and shuts the DBMS down cleanly on SIGTERM/SIGINT.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        String host = "127.0.0.1";
        int port = 7687;
        long pageCache = parseBytes("256m");
        String password = null;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--host" -> host = value(args, ++i, a);
                case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                case "--pagecache" -> pageCache = parseBytes(value(args, ++i, a));
                case "--password" -> password = value(args, ++i, a);
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("neo4j-launcher: unknown argument: " + a);
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
        if (dataDir == null) {
            System.err.println("neo4j-launcher: --data-dir is required");
            usage(System.err);
            System.exit(2);
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
        Files.createDirectories(dataDir);
        dataDir = dataDir.toAbsolutePath();

        log("starting Neo4j " + neo4jVersion() + " in " + dataDir + " on " + host + ":" + port
                + " (auth " + (password == null ? "disabled" : "enabled") + ", page cache "
                + pageCache / (1024 * 1024) + " MiB)");
        long t0 = System.nanoTime();

        // The user log (startup/shutdown messages, errors) goes to stdout, which
        // scripts/neo4j-test redirects to its log file; debug.log stays under
        // DATA_DIR/logs.
        Log4jLogProvider userLog = new Log4jLogProvider(System.out, Level.INFO);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                .setUserLogProvider(userLog)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                // No anonymous usage reports from test servers (and no network).
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Test databases are small and thrown away: do not reserve disk
                // space up front, and keep few transaction logs.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, parseBytes("32m"))
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                // The Bolt server otherwise idles in a 5 s netty "quiet period"
                // twice on shutdown, even with no connections left.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log("shutting down");
            try {
                dbms.shutdown();
                log("stopped");
            } catch (Throwable t) {
                log("shutdown failed: " + t);
            } finally {
                userLog.close();
                stopped.countDown();
            }
        }, "neo4j-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            // Make sure the default database is up and usable, not just the DBMS.
            var db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(Duration.ofSeconds(120).toMillis())) {
                throw new IllegalStateException("default database did not become available");
            }
            db.executeTransactionally("RETURN 1");
            if (password != null) {
                setPassword(dbms, password);
            }
        } catch (Throwable t) {
            log("startup failed: " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1); // runs the shutdown hook
        }

        long ms = (System.nanoTime() - t0) / 1_000_000;
        log("started in " + ms + " ms");
        System.out.println("NEO4J READY bolt://" + host + ":" + port);
        System.out.flush();

        stopped.await();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        // Embedded transactions run with full access, so the system database can
        // be changed without logging in first.
        var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (QueryExecutionException e) {
            // A restart on a kept data dir (after "neo4j-test kill"): the
            // password is already set, and Neo4j refuses to "change" it to
            // the same value.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "(unknown version)" : v;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("neo4j-launcher: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** Parses sizes such as 256m, 1g, 512k or a plain byte count. */
    static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            mult = 1024L;
        } else if (t.endsWith("m")) {
            mult = 1024L * 1024;
        } else if (t.endsWith("g")) {
            mult = 1024L * 1024 * 1024;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t.trim()) * mult;
    }

    private static void log(String msg) {
        System.out.println("neo4j-launcher: " + msg);
        System.out.flush();
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar neo4j-launcher.jar --data-dir DIR [--port 7687] [--host 127.0.0.1]"
                + " [--pagecache 256m] [--password SECRET]");
    }
}
