package dev.rampart.localcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server on loopback, in a temporary directory that {@link #close()} removes:
 * superuser {@code postgres} with a random password, SCRAM-SHA-256 password authentication for
 * every connection, a free TCP port on 127.0.0.1 and its Unix socket inside the temporary directory
 * (never {@code /tmp} or {@code /var/run}).
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root, the server runs as {@code nobody}
 * (through {@code setpriv}) from a copy of the binaries inside the temporary directory, since the
 * cache usually sits below root's home, which {@code nobody} cannot enter.
 *
 * <p>The binaries come from {@code scripts/servers.sh build}; see {@link Servers#postgresDir()}.
 */
public final class LocalPostgres implements AutoCloseable {

  /** Whether a committed transaction survives a crash of the machine, not only of the server. */
  public enum Durability {
    /**
     * {@code fsync} and {@code synchronous_commit} on: a commit returns once its WAL is on disk.
     */
    DURABLE,
    /**
     * {@code fsync=off}: commits are not flushed to disk. For throw-away test servers, where
     * durability is not worth the disk writes; a server crash alone still loses nothing.
     */
    FSYNC_OFF
  }

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final String READY = "database system is ready to accept connections";

  public static final String SUPERUSER = "postgres";

  private final Path workDir;
  private final Path installDir;
  private final List<String> asServerUser;
  private final int port;
  private final String password;
  private final Durability durability;
  private Process process;

  private LocalPostgres(
      Path workDir,
      Path installDir,
      List<String> asServerUser,
      int port,
      String password,
      Durability durability) {
    this.workDir = workDir;
    this.installDir = installDir;
    this.asServerUser = asServerUser;
    this.port = port;
    this.password = password;
    this.durability = durability;
  }

  /** A throw-away server ({@link Durability#FSYNC_OFF}), as tests want it. */
  public static LocalPostgres start(Servers servers) {
    return start(servers, Durability.FSYNC_OFF);
  }

  /** Initialises a cluster, starts it and waits until it accepts connections. */
  public static LocalPostgres start(Servers servers, Durability durability) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("rampart-postgres-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create PostgreSQL's directory", e);
    }
    LocalPostgres postgres = null;
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      Path installDir = servers.postgresDir();
      List<String> asServerUser = List.of();
      if (root) {
        installDir = workDir.resolve("pgsql");
        run(List.of("cp", "-a", servers.postgresDir().toString(), installDir.toString()));
        asServerUser =
            List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
      }
      postgres =
          new LocalPostgres(
              workDir, installDir, asServerUser, freePort(), newPassword(), durability);
      postgres.init(root);
      postgres.launch();
      postgres.awaitReady(0);
    } catch (IOException e) {
      closeQuietly(postgres, workDir);
      throw new UncheckedIOException("could not start PostgreSQL", e);
    } catch (RuntimeException e) {
      closeQuietly(postgres, workDir); // no orphaned server or temp dir when startup fails
      throw e;
    }
    log.info("local PostgreSQL ready at {} ({})", postgres.jdbcUrl(), durability);
    return postgres;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The superuser {@value #SUPERUSER}'s password. */
  public String superuserPassword() {
    return password;
  }

  /** The {@code postgres} database; credentials go in the connection's properties. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port + "/postgres?sslmode=disable";
  }

  private void init(boolean root) throws IOException {
    Path pwfile = workDir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    if (root) {
      // The server user needs the directory; the password file is removed right after initdb.
      run(List.of("chown", "-R", "nobody:nogroup", workDir.toString()));
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx------"));
    }
    List<String> initdb = new ArrayList<>(asServerUser);
    initdb.addAll(
        List.of(
            bin("initdb"),
            "--pgdata=" + dataDir(),
            "--username=" + SUPERUSER,
            "--pwfile=" + pwfile,
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--encoding=UTF8",
            "--no-locale"));
    if (durability == Durability.FSYNC_OFF) {
      initdb.add("--no-sync");
    }
    run(initdb);
    Files.delete(pwfile);
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(asServerUser);
    command.addAll(
        List.of(
            bin("postgres"),
            "-D",
            dataDir().toString(),
            "-p",
            Integer.toString(port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories=" + workDir));
    if (durability == Durability.DURABLE) {
      // PostgreSQL's defaults, stated so that no configuration file can change them.
      command.addAll(List.of("-c", "fsync=on", "-c", "synchronous_commit=on"));
    } else {
      command.addAll(List.of("-c", "fsync=off"));
    }
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .start();
  }

  /** Waits for the ready message in the log after {@code logOffset} bytes. */
  private void awaitReady(long logOffset) throws IOException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!Files.exists(logFile()) || !logSince(logOffset).contains(READY)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "postgres exited with " + process.exitValue() + ": " + Files.readString(logFile()));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("PostgreSQL was not ready within " + STARTUP_TIMEOUT);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
      }
    }
  }

  private String logSince(long offset) throws IOException {
    byte[] log = Files.readAllBytes(logFile()); // it only grows: offset <= its length
    return new String(log, (int) offset, log.length - (int) offset);
  }

  /**
   * Stops the server as a crash would (immediate shutdown: sessions are cut, nothing is flushed,
   * the next start recovers from the WAL) and starts it again on the same data directory and port.
   * Committed transactions survive; clients see their connections fail while it is down.
   */
  public synchronized void restart() {
    stop("immediate");
    try {
      long logOffset = Files.size(logFile());
      launch();
      awaitReady(logOffset);
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart PostgreSQL", e);
    }
    log.info("local PostgreSQL restarted at {}", jdbcUrl());
  }

  /** Stops the server (fast shutdown: open sessions are ended) and removes its directory. */
  @Override
  public synchronized void close() {
    stop("fast");
    deleteTree(workDir);
  }

  private void stop(String mode) {
    if (process == null) {
      return;
    }
    // pg_ctl, not SIGTERM: that is the "smart" shutdown, which waits for clients such as pools.
    List<String> stop = new ArrayList<>(asServerUser);
    stop.addAll(List.of(bin("pg_ctl"), "stop", "-D", dataDir().toString(), "-m", mode));
    try {
      run(stop);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (RuntimeException e) {
      log.warn("pg_ctl stop failed ({}); killing postgres", e.getMessage());
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  private static void closeQuietly(LocalPostgres postgres, Path workDir) {
    if (postgres != null) {
      postgres.close();
    } else {
      deleteTree(workDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }

  private String bin(String name) {
    return installDir.resolve("bin").resolve(name).toString();
  }

  private Path dataDir() {
    return workDir.resolve("data");
  }

  private Path logFile() {
    return workDir.resolve("postgres.log");
  }

  /** Runs a short command to its end; its output goes into the exception when it fails. */
  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(command.getFirst() + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + p.exitValue() + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
