package dev.rampart.operator.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS that trusts exactly the CA certificates of one PEM bundle, as for Vault and Keycloak. */
public final class TrustBundle {

  private TrustBundle() {}

  /**
   * @param server what the bundle is for, in messages ("Vault", "Keycloak")
   */
  public static SSLContext sslContext(Path caBundle, String server) {
    try (InputStream in = Files.newInputStream(caBundle)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + server + " CA bundle " + caBundle, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the " + server + " CA bundle " + caBundle + " is not usable", e);
    }
  }
}
