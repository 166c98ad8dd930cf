package dev.rampart.billing.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets directory (a Secret volume). Files are read by name, without surrounding whitespace,
 * and watched: the kubelet updates a Secret volume by swapping a symlink, so the contents are
 * polled and whatever was built from them is rebuilt when they change. No message quotes a file's
 * contents.
 */
public final class SecretFiles implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

  /** A file, and the configuration field that names it (for messages). */
  public record Ref(String field, String file) {}

  private final Path dir;
  private final List<Watch<?>> watches = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller;

  /** Polls every {@code interval} from now until {@link #close()}. */
  public SecretFiles(Path dir, Duration interval) {
    this.dir = dir;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("secret-files").factory());
    poller.scheduleWithFixedDelay(
        this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Reads {@code refs} and builds a value from their contents (in order), then rebuilds it whenever
   * a poll finds different contents. A rebuild that fails keeps the previous value.
   *
   * @param what names the value in messages, e.g. {@code webhooks[0].signingSecrets}
   * @param build turns the contents into the value, or throws {@link IllegalArgumentException} with
   *     a message that does not quote them
   * @throws ConfigException naming the field when a file cannot be read or is refused
   */
  public <T> Supplier<T> watch(String what, List<Ref> refs, Function<List<String>, T> build) {
    List<String> contents = read(refs);
    T value;
    try {
      value = build.apply(contents);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(what + ": " + e.getMessage()));
    }
    Watch<T> watch = new Watch<>(what, refs, build, contents, value);
    watches.add(watch);
    return watch;
  }

  private List<String> read(List<Ref> refs) {
    List<String> contents = new ArrayList<>(refs.size());
    List<String> problems = new ArrayList<>();
    for (Ref ref : refs) {
      try {
        contents.add(Files.readString(dir.resolve(ref.file()), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        problems.add(
            "%s: cannot read %s (%s)"
                .formatted(ref.field(), dir.resolve(ref.file()), e.getClass().getSimpleName()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return contents;
  }

  private void poll() {
    for (Watch<?> watch : watches) {
      try {
        watch.refresh();
        watch.problem = null;
      } catch (RuntimeException e) {
        // Once per problem, not every poll. The messages never quote contents.
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        if (!message.equals(watch.problem)) {
          watch.problem = message;
          log.warn("{}: kept the previous value: {}", watch.what, message);
        }
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }

  private final class Watch<T> implements Supplier<T> {
    private final String what;
    private final List<Ref> refs;
    private final Function<List<String>, T> build;
    private List<String> contents;
    private volatile T value;
    private String problem;

    Watch(
        String what,
        List<Ref> refs,
        Function<List<String>, T> build,
        List<String> contents,
        T value) {
      this.what = what;
      this.refs = refs;
      this.build = build;
      this.contents = contents;
      this.value = value;
    }

    @Override
    public T get() {
      return value;
    }

    /** Runs on the poller thread only. */
    void refresh() {
      List<String> current = read(refs);
      if (current.equals(contents)) {
        return;
      }
      value = build.apply(current);
      contents = current;
      log.info(
          "{}: reloaded after a change to {}",
          what,
          String.join(", ", refs.stream().map(Ref::file).toList()));
    }
  }
}
