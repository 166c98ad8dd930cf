package dev.rampart.operator.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where Rampart's own Vault token comes from. */
public interface VaultToken {

  String get();

  /** Forget a token Vault refused (e.g. after Vault lost its state), so the next get() renews. */
  default void invalidate() {}

  /** A token kept in a file (development, or a token mounted by an agent); read on every use. */
  static VaultToken fromFile(Path file) {
    return () -> {
      try {
        return Files.readString(file).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Vault token file " + file, e);
      }
    };
  }
}
