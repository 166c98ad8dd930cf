package dev.rampart.billing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

  @TempDir Path dir;

  @Test
  void readsStrippedContentsAndRebuildsWhenASymlinkSwapChangesThem() throws Exception {
    // The layout of a Secret volume: name -> ..data/name, ..data -> a timestamped directory.
    Path first = Files.createDirectory(dir.resolve("..2026_01_01"));
    Files.writeString(first.resolve("key"), "one\n");
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(dir.resolve("key"), Path.of("..data/key"));
    AtomicInteger builds = new AtomicInteger();

    try (SecretFiles files = new SecretFiles(dir, Duration.ofMillis(50))) {
      Supplier<String> value =
          files.watch(
              "test.key",
              List.of(new SecretFiles.Ref("test.file", "key")),
              contents -> {
                builds.incrementAndGet();
                return contents.getFirst();
              });
      assertThat(value.get()).isEqualTo("one");

      Path second = Files.createDirectory(dir.resolve("..2026_01_02"));
      Files.writeString(second.resolve("key"), "two");
      Path swap = dir.resolve("..data_tmp");
      Files.createSymbolicLink(swap, second.getFileName());
      Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

      await().atMost(Duration.ofSeconds(5)).until(() -> value.get().equals("two"));
      // Unchanged contents are not rebuilt: the count stays at 2 over several polls.
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> builds.get() == 2);
    }
  }

  @Test
  void keepsThePreviousValueWhenTheNewContentsAreRefused() throws Exception {
    Files.writeString(dir.resolve("key"), "good");
    try (SecretFiles files = new SecretFiles(dir, Duration.ofMillis(50))) {
      Supplier<String> value =
          files.watch(
              "test.key",
              List.of(new SecretFiles.Ref("test.file", "key")),
              contents -> {
                if (!contents.getFirst().startsWith("good")) {
                  throw new IllegalArgumentException("not good");
                }
                return contents.getFirst();
              });
      Files.writeString(dir.resolve("key"), "bad");
      keepsOver(value, "good");
      Files.delete(dir.resolve("key"));
      keepsOver(value, "good");
      Files.writeString(dir.resolve("key"), "good again");
      await().atMost(Duration.ofSeconds(5)).until(() -> value.get().equals("good again"));
    }
  }

  /** The value stays {@code expected} over several polls of the files. */
  private static void keepsOver(Supplier<String> value, String expected) {
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> value.get().equals(expected));
  }

  @Test
  void problemsAtStartNameTheFieldAndNeverTheContents() throws IOException {
    Files.writeString(dir.resolve("present"), "s3cr3t-value");
    try (SecretFiles files = new SecretFiles(dir, Duration.ofSeconds(60))) {
      ConfigException missing =
          catchThrowableOfType(
              ConfigException.class,
              () ->
                  files.watch(
                      "x",
                      List.of(
                          new SecretFiles.Ref("a.file", "present"),
                          new SecretFiles.Ref("b.file", "absent")),
                      contents -> contents));
      assertThat(missing.problems())
          .containsExactly(
              "b.file: cannot read " + dir.resolve("absent") + " (NoSuchFileException)");

      ConfigException refused =
          catchThrowableOfType(
              ConfigException.class,
              () ->
                  files.watch(
                      "webhooks[0].signingSecrets",
                      List.of(new SecretFiles.Ref("a.file", "present")),
                      contents -> {
                        throw new IllegalArgumentException("signing secret #1: not whsec_");
                      }));
      assertThat(refused.problems())
          .containsExactly("webhooks[0].signingSecrets: signing secret #1: not whsec_");
      assertThat(refused.getMessage()).doesNotContain("s3cr3t");
    }
  }
}
