package dev.rampart.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Rampart resources in YAML manifests, each with where it came from. */
final class Manifests {

  static final String API_VERSION = "rampart.dev/v1alpha1";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A file that cannot be read or parsed. */
  static final class ManifestException extends RuntimeException {
    ManifestException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One Rampart resource: its document as read, and where (file and document number, from 1). */
  record Resource(JsonNode document, Path file, int index) {

    String kind() {
      return document.path("kind").asText();
    }

    String name() {
      JsonNode metadata = document.path("metadata");
      String namespace = metadata.path("namespace").asText("");
      return (namespace.isEmpty() ? "" : namespace + "/") + metadata.path("name").asText("?");
    }

    String where() {
      return file + " (document " + index + ")";
    }

    <T> T as(Class<T> type) {
      try {
        return YAML.treeToValue(document, type);
      } catch (IOException e) {
        throw new ManifestException(
            where() + ": " + kind() + " " + name() + " cannot be read: " + e.getMessage(), e);
      }
    }
  }

  private Manifests() {}

  /** Every document of group rampart.dev in {@code paths} (files, or directories of them). */
  static List<Resource> read(List<String> paths) {
    List<Resource> resources = new ArrayList<>();
    for (String path : paths) {
      for (Path file : files(Path.of(path))) {
        int index = 0;
        try (MappingIterator<JsonNode> documents =
            YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (documents.hasNext()) {
            JsonNode document = documents.next();
            index++;
            if (document != null && API_VERSION.equals(document.path("apiVersion").asText())) {
              resources.add(new Resource(document, file, index));
            }
          }
        } catch (IOException | RuntimeException e) {
          throw new ManifestException(file + ": not YAML: " + e.getMessage(), e);
        }
      }
    }
    return resources;
  }

  private static List<Path> files(Path path) {
    if (!Files.exists(path)) {
      throw new ManifestException(path + ": no such file or directory", null);
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ManifestException(path + ": cannot be listed: " + e.getMessage(), e);
    }
  }
}
