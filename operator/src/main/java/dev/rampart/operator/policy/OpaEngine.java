package dev.rampart.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.operator.model.policy.PolicyInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Rego half, decided by the real {@code opa} on a bundle exactly as a tenant's PDP loads it:
 * every request in one {@code opa eval} (a process per request would cost more than deciding).
 */
public final class OpaEngine {

  /** opa could not load the bundle or decide. */
  public static final class OpaException extends Exception {
    OpaException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 120;
  private static final String QUERY =
      "[d | some r in input.requests; d := data.rampart.authz.allow with input as r]";

  private final Path opa;

  /**
   * @param opa the pinned opa binary
   */
  public OpaEngine(Path opa) {
    this.opa = opa;
  }

  /** OPA's decision on each request, in order, with {@code bundle} (file name → content). */
  public List<Boolean> decide(Map<String, String> bundle, List<PolicyInput> requests)
      throws OpaException {
    Path work = null;
    try {
      work = Files.createTempDirectory("rampart-opa");
      Path bundleDir = Files.createDirectory(work.resolve("bundle"));
      for (var file : bundle.entrySet()) {
        Files.writeString(bundleDir.resolve(file.getKey()), file.getValue());
      }
      Path input = work.resolve("input.json");
      JSON.writeValue(
          input.toFile(),
          Map.of("requests", requests.stream().map(PolicyInput::regoInput).toList()));
      Path output = work.resolve("output.json");
      Process process =
          new ProcessBuilder(
                  opa.toString(),
                  "eval",
                  "--format=raw",
                  "--fail",
                  "--bundle=" + bundleDir,
                  "--input=" + input,
                  QUERY)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new OpaException("opa eval did not finish in " + TIMEOUT_SECONDS + " s", null);
      }
      String out = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new OpaException(
            "opa eval failed (exit " + process.exitValue() + "): " + firstLine(out), null);
      }
      List<Boolean> decisions = new ArrayList<>();
      for (JsonNode decision : JSON.readTree(out)) {
        decisions.add(decision.asBoolean());
      }
      if (decisions.size() != requests.size()) {
        throw new OpaException(
            "opa eval answered " + decisions.size() + " of " + requests.size() + " requests", null);
      }
      return decisions;
    } catch (IOException e) {
      throw new OpaException("cannot run " + opa + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpaException("interrupted while opa decided", e);
    } finally {
      delete(work);
    }
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind holds only policy, never a secret.
    }
  }
}
