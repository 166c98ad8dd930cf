package dev.rampart.operator.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
    if (caBundle == null) {
      return null;
    }
    try (InputStream in = Files.newInputStream(caBundle)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("vault-ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Vault CA bundle " + caBundle, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the Vault CA bundle " + caBundle + " is not usable", e);
    }
  }
}
