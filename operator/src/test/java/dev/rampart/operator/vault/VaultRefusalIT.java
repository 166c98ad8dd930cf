package dev.rampart.operator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.testing.TestCluster;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a refusal from a real OpenBao tells: Vault's reason for a configuration write, which holds
 * no secret, and never anything of a body that might.
 */
class VaultRefusalIT {

  private static final Map<String, String> BAD_ROLE = Map.of("token_ttl", "s3cr3t-not-a-duration");

  private static VaultHttpClient vault;

  @BeforeAll
  static void connect() {
    LocalVault local = TestCluster.vault();
    vault = new VaultHttpClient(URI.create(local.address()), Duration.ofSeconds(5), null);
    String root = local.rootToken();
    vault.useToken(() -> root);
  }

  @Test
  void aRefusedConfigurationWriteCarriesVaultsReason() {
    VaultException refused =
        catchThrowableOfType(
            VaultException.class,
            () -> vault.writeConfiguration("auth/kubernetes/role/refusal-reason", BAD_ROLE));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage())
        .startsWith("Vault write auth/kubernetes/role/refusal-reason failed with HTTP 400: ")
        .contains("token_ttl")
        .doesNotContain("\n");
  }

  @Test
  void aRefusedWriteOfAnyOtherBodyCarriesNothingOfIt() {
    VaultException refused =
        catchThrowableOfType(
            VaultException.class,
            () -> vault.write("auth/kubernetes/role/refusal-reason", BAD_ROLE));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage())
        .isEqualTo("Vault write auth/kubernetes/role/refusal-reason failed with HTTP 400")
        .doesNotContain("s3cr3t");
  }
}
