package dev.rampart.operator.vault;

import dev.rampart.operator.tls.TrustBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.SSLContext;

/** Builds Rampart's Vault client from its configuration. */
public final class VaultConnection {

  private VaultConnection() {}

  public static Vault open(VaultConfig config, Clock clock) {
    VaultHttpClient client = connect(config);
    client.useToken(
        config.tokenFile() != null
            ? VaultToken.fromFile(config.tokenFile())
            : new KubernetesAuthToken(
                client,
                config.kubernetesMount(),
                config.role(),
                () -> readTrimmed(config.jwtFile()),
                clock));
    return client;
  }

  /** A client for Vault's address and trust that carries no token. */
  public static VaultHttpClient connect(VaultConfig config) {
    return new VaultHttpClient(config.address(), config.timeout(), trust(config.caCert()));
  }

  private static String readTrimmed(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service-account token " + file, e);
    }
  }

  /** Trust exactly the CA bundle given, or the JVM's default trust when there is none. */
  private static SSLContext trust(Path caBundle) {
    return caBundle == null ? null : TrustBundle.sslContext(caBundle, "Vault");
  }
}
