package dev.rampart.operator.model.vaultsecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.operator.api.vaultsecret.Destination;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.api.vaultsecret.Source;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.model.DesiredState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultSecretModelTest {

  private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @ValueSource(strings = {"db", "a/b/c", "team-a/db.main_v2/creds", "x..y"})
  void safePaths(String path) {
    assertThat(KvPaths.isSafe(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "/db", "../b/db", "a/../b", "a/./b", ".", "db/", "a//b", "a b", "a?x"})
  void unsafePaths(String path) {
    assertThat(KvPaths.isSafe(path)).isFalse();
  }

  @Test
  void dataPathStaysBelowTheTenantsPrefixAndPinsTheVersion() {
    assertThat(KvPaths.dataPath("acme", new KvSource("db/creds", null)))
        .isEqualTo("secret/data/tenants/acme/db/creds");
    assertThat(KvPaths.dataPath("acme", new KvSource("db", 7L)))
        .isEqualTo("secret/data/tenants/acme/db?version=7");
    assertThatThrownBy(() -> KvPaths.dataPath("acme", new KvSource("../globex/db", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("globex");
  }

  @Test
  void kvValuesAreTextOrTheirJson() throws Exception {
    var data =
        new ObjectMapper().readTree("{\"user\":\"app\",\"port\":5432,\"tls\":{\"on\":true}}");
    assertThat(SecretData.fromKv(data))
        .containsExactly(
            Map.entry("port", "5432"), Map.entry("tls", "{\"on\":true}"), Map.entry("user", "app"));
  }

  @Test
  void keysAreCopiedAsTheyAreOrMapped() {
    Map<String, String> vault = Map.of("user", "app", "pass", "s3cret", "extra", "x");
    assertThat(SecretData.mapKeys(vault, null).data()).isEqualTo(vault);
    SecretData.Mapped mapped =
        SecretData.mapKeys(vault, Map.of("user", "username", "pass", "password"));
    assertThat(mapped.data()).isEqualTo(Map.of("username", "app", "password", "s3cret"));
    assertThat(mapped.missingKeys()).isEmpty();
    assertThat(SecretData.mapKeys(vault, Map.of("nope", "x", "user", "u")).missingKeys())
        .containsExactly("nope");
  }

  @Test
  void hmacDependsOnKeyAndEveryPairButNotOnOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    String hmac = SecretData.hmac(KEY, ab);
    assertThat(hmac).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 64);
    assertThat(SecretData.hmac(KEY, ba)).isEqualTo(hmac);
    assertThat(SecretData.hmac(KEY, Map.of("a", "1", "b", "3"))).isNotEqualTo(hmac);
    // Length prefixes: moving a character between key and value changes the input.
    assertThat(SecretData.hmac(KEY, Map.of("ab", "c")))
        .isNotEqualTo(SecretData.hmac(KEY, Map.of("a", "bc")));
    assertThat(SecretData.hmac("other".getBytes(StandardCharsets.UTF_8), ab)).isNotEqualTo(hmac);
    assertThat(hmac).isNotEqualTo(SecretData.hmac(KEY, Map.of()));
  }

  private static VaultSecret vaultSecret() {
    VaultSecret vs = new VaultSecret();
    vs.setMetadata(
        new ObjectMetaBuilder()
            .withName("db")
            .withNamespace("acme")
            .withUid("uid-1")
            .withGeneration(2L)
            .build());
    VaultSecretSpec spec = new VaultSecretSpec();
    spec.setSource(new Source(new KvSource("db", null)));
    Destination destination = new Destination("app-db");
    destination.setLabels(Map.of("app", "web", "rampart.dev/vault-secret", "spoofed"));
    spec.setDestination(destination);
    vs.setSpec(spec);
    return vs;
  }

  @Test
  void desiredSecretIsOwnedLabelledAndEncoded() {
    Secret secret = DesiredSecret.of(vaultSecret(), Map.of("password", "s3cret"));
    assertThat(secret.getMetadata().getName()).isEqualTo("app-db");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("acme");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app", "web")
        .containsEntry("app.kubernetes.io/managed-by", "rampart")
        .containsEntry("rampart.dev/vault-secret", "db");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getUid()).isEqualTo("uid-1");
              assertThat(ref.getKind()).isEqualTo("VaultSecret");
              assertThat(ref.getController()).isTrue();
            });
    assertThat(secret.getData())
        .containsExactly(
            Map.entry(
                "password",
                Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void theDestinationMatchesWhileItsDataTypeOwnerAndLabelsHold() {
    Secret desired = DesiredSecret.of(vaultSecret(), Map.of("password", "s3cret"));
    Secret same =
        new SecretBuilder(desired).editMetadata().addToLabels("extra", "ok").endMetadata().build();
    assertThat(DesiredState.matches(desired, same)).isTrue();
    assertThat(DesiredSecret.dataDiffers(desired, same)).isFalse();
    Secret edited = new SecretBuilder(desired).addToData("password", "aGFja2Vk").build();
    assertThat(DesiredState.matches(desired, edited)).isFalse();
    assertThat(DesiredSecret.dataDiffers(desired, edited)).isTrue();
    Secret unlabelled =
        new SecretBuilder(desired).editMetadata().withLabels(Map.of()).endMetadata().build();
    assertThat(DesiredState.matches(desired, unlabelled)).isFalse();
    assertThat(DesiredSecret.dataDiffers(desired, unlabelled)).isFalse();
    assertThat(DesiredState.matches(desired, null)).isFalse();
  }

  @Test
  void lastSyncTimeMovesOnlyWhenDataWasWritten() {
    VaultSecret vs = vaultSecret();
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    VaultSecretStatus first = VaultSecretStatusModel.synced(vs, 1, "h1", true, t0);
    assertThat(first.getLastSyncTime()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(first.getSecretVersion()).isEqualTo(1);
    assertThat(first.getObservedGeneration()).isEqualTo(2);
    vs.setStatus(first);
    VaultSecretStatus steady =
        VaultSecretStatusModel.synced(vs, 1, "h1", false, t0.plusSeconds(60));
    assertThat(steady).isEqualTo(first);
    VaultSecretStatus changed =
        VaultSecretStatusModel.synced(vs, 2, "h2", true, t0.plusSeconds(90));
    assertThat(changed.getLastSyncTime()).isEqualTo("2025-01-01T00:01:30Z");
  }

  @Test
  void failureKeepsWhatWasLastSynced() {
    VaultSecret vs = vaultSecret();
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    vs.setStatus(VaultSecretStatusModel.synced(vs, 4, "h", true, t0));
    VaultSecretStatus failed =
        VaultSecretStatusModel.failed(vs, "VaultRefused", "no", t0.plusSeconds(5));
    assertThat(failed.getSecretVersion()).isEqualTo(4);
    assertThat(failed.getDataHmac()).isEqualTo("h");
    assertThat(failed.getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("VaultRefused");
            });
  }

  @Test
  void refreshIntervals() {
    assertThat(VaultSecretStatusModel.refreshInterval("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(VaultSecretStatusModel.refreshInterval("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(VaultSecretStatusModel.refreshInterval("1m5s")).isEqualTo(Duration.ofSeconds(65));
    assertThat(VaultSecretStatusModel.refreshInterval(null)).isEqualTo(Duration.ofSeconds(60));
    assertThat(VaultSecretStatusModel.refreshInterval("1s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(VaultSecretStatusModel.refreshInterval("soon")).isEqualTo(Duration.ofSeconds(60));
  }
}
