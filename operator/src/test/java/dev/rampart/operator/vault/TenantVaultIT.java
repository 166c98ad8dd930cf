package dev.rampart.operator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.VaultStatus;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestVault;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenants' Vault state, proved against a real OpenBao logged into through the real API server. */
class TenantVaultIT {

  private static KubernetesClient client;
  private static LocalVault vault;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    vault = TestCluster.vault();
    TestCluster.operator();
  }

  private static Tenant createReady(String name, String rotation) {
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().getEncryption().setKeyRotationPeriod(rotation);
    client.resource(tenant).create();
    return awaitVaultReady(name);
  }

  private static Tenant awaitVaultReady(String name) {
    return Tenants.awaitTenant(client, name, Tenants::isVaultReady);
  }

  /**
   * A Vault token of service account {@code app} in the tenant's namespace, via kubernetes auth.
   */
  private static String loginAsApp(String namespace, String role) {
    TestVault.serviceAccount(namespace, "app");
    LocalVault.Response login =
        vault.request(
            "POST",
            "auth/kubernetes/login",
            null,
            Map.of("role", role, "jwt", TestVault.jwt(namespace, "app", List.of())));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login.body().at("/auth/client_token").asText();
  }

  /** What Vault answers root for a GET of {@code path}. */
  private static int statusOf(String path) {
    return vault.request("GET", path, vault.rootToken(), null).status();
  }

  /** A namespace that is no tenant's. */
  private static void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** Waits until the Tenant reports it owns no namespace, so Vault holds nothing for it. */
  private static Tenant awaitNoNamespace(String name) {
    return Tenants.awaitTenant(
        client,
        name,
        t ->
            t.getStatus() != null
                && t.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            TenantStatusModel.VAULT_READY.equals(c.getType())
                                && "NoNamespace".equals(c.getReason())));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void provisionsANonExportableRotatingKeyAPolicyAndARole() {
    String name = Tenants.uniqueName("vk");
    Tenant tenant = createReady(name, "24h");
    VaultStatus facts = tenant.getStatus().getVault();
    assertThat(facts.getTransitKey()).startsWith("tenant-" + name + "-");
    assertThat(facts.getKvPrefix()).isEqualTo("secret/tenants/" + name);

    JsonNode key =
        vault.asRoot("GET", "transit/keys/" + facts.getTransitKey(), null).body().path("data");
    assertThat(key.path("type").asText()).isEqualTo("aes256-gcm96");
    assertThat(key.path("exportable").asBoolean()).isFalse();
    assertThat(key.path("deletion_allowed").asBoolean()).isFalse();
    assertThat(key.path("auto_rotate_period").asLong()).isEqualTo(Duration.ofHours(24).toSeconds());

    JsonNode role =
        vault.asRoot("GET", "auth/kubernetes/role/" + facts.getRole(), null).body().path("data");
    assertThat(role.path("bound_service_account_namespaces").get(0).asText()).isEqualTo(name);
    assertThat(role.path("token_policies").get(0).asText()).isEqualTo(facts.getPolicy());
    assertThat(role.path("token_ttl").asLong()).isEqualTo(TestCluster.TENANT_TOKEN_TTL.toSeconds());
  }

  @Test
  void aTenantsTokenReachesItsOwnPathsOnly() {
    String a = Tenants.uniqueName("va");
    String b = Tenants.uniqueName("vb");
    VaultStatus factsA = createReady(a, "720h").getStatus().getVault();
    VaultStatus factsB = createReady(b, "720h").getStatus().getVault();
    vault.asRoot(
        "POST", "secret/data/tenants/" + b + "/db", Map.of("data", Map.of("password", "b-secret")));

    String tokenA = loginAsApp(a, factsA.getRole());

    LocalVault.Response encrypted =
        vault.request(
            "POST",
            "transit/encrypt/" + factsA.getTransitKey(),
            tokenA,
            Map.of("plaintext", base64("hello")));
    assertThat(encrypted.status()).isEqualTo(200);
    String ciphertext = encrypted.body().at("/data/ciphertext").asText();
    assertThat(
            vault
                .request(
                    "POST",
                    "transit/decrypt/" + factsA.getTransitKey(),
                    tokenA,
                    Map.of("ciphertext", ciphertext))
                .body()
                .at("/data/plaintext")
                .asText())
        .isEqualTo(base64("hello"));
    assertThat(
            vault
                .request(
                    "POST",
                    "secret/data/tenants/" + a + "/app",
                    tokenA,
                    Map.of("data", Map.of("k", "v")))
                .status())
        .isEqualTo(200);

    // Tenant B's key, secrets and database credentials are out of reach.
    assertThat(
            vault
                .request(
                    "POST",
                    "transit/encrypt/" + factsB.getTransitKey(),
                    tokenA,
                    Map.of("plaintext", base64("x")))
                .status())
        .isEqualTo(403);
    assertThat(
            vault
                .request(
                    "POST",
                    "transit/decrypt/" + factsB.getTransitKey(),
                    tokenA,
                    Map.of("ciphertext", ciphertext))
                .status())
        .isEqualTo(403);
    assertThat(vault.request("GET", "secret/data/tenants/" + b + "/db", tokenA, null).status())
        .isEqualTo(403);
    assertThat(
            vault.request("GET", "database/creds/tenant-" + b + "-readonly", tokenA, null).status())
        .isEqualTo(403);
    assertThat(
            vault.request("GET", "database/creds/tenant-" + a + "-readonly", tokenA, null).status())
        .isNotEqualTo(403);
    // Nor can A's key be exported or its policy widened with A's token.
    assertThat(
            vault
                .request(
                    "GET", "transit/export/encryption-key/" + factsA.getTransitKey(), tokenA, null)
                .status())
        .isEqualTo(403);
    assertThat(
            vault
                .request(
                    "PUT",
                    "sys/policies/acl/" + factsA.getPolicy(),
                    tokenA,
                    Map.of("policy", "path \"*\" {capabilities=[\"read\"]}"))
                .status())
        .isEqualTo(403);

    // A's service accounts cannot log in as B.
    LocalVault.Response asB =
        vault.request(
            "POST",
            "auth/kubernetes/login",
            null,
            Map.of("role", factsB.getRole(), "jwt", TestVault.jwt(a, "app", List.of())));
    assertThat(asB.status()).isEqualTo(403);
  }

  @Test
  void rampartItselfCannotReadTenantSecrets() {
    String name = Tenants.uniqueName("vr");
    createReady(name, "720h");
    vault.asRoot(
        "POST", "secret/data/tenants/" + name + "/db", Map.of("data", Map.of("password", "p")));
    LocalVault.Response login =
        vault.request(
            "POST",
            "auth/kubernetes/login",
            null,
            Map.of(
                "role",
                "rampart",
                "jwt",
                TestVault.jwt(TestCluster.OPERATOR_NAMESPACE, "rampart", List.of())));
    String operatorToken = login.body().at("/auth/client_token").asText();
    assertThat(
            vault
                .request("GET", "secret/data/tenants/" + name + "/db", operatorToken, null)
                .status())
        .isEqualTo(403);
    assertThat(vault.request("GET", "sys/policies/acl/default", operatorToken, null).status())
        .isEqualTo(403);
  }

  @Test
  void driftInVaultIsRepaired() {
    String name = Tenants.uniqueName("vd");
    VaultStatus facts = createReady(name, "720h").getStatus().getVault();
    vault.asRoot("DELETE", "sys/policies/acl/" + facts.getPolicy(), null);
    vault.asRoot(
        "POST",
        "auth/kubernetes/role/" + facts.getRole(),
        Map.of(
            "bound_service_account_names", List.of("*"),
            "bound_service_account_namespaces", List.of("*"),
            "token_policies", List.of(facts.getPolicy())));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                vault
                            .request(
                                "GET",
                                "sys/policies/acl/" + facts.getPolicy(),
                                vault.rootToken(),
                                null)
                            .status()
                        == 200
                    && vault
                        .asRoot("GET", "auth/kubernetes/role/" + facts.getRole(), null)
                        .body()
                        .at("/data/bound_service_account_namespaces/0")
                        .asText()
                        .equals(name));
  }

  /** A Tenant whose only namespace is someone else's gets no key, policy or role. */
  @Test
  void aTenantOwningNoNamespaceGetsNothingInVault() {
    String name = Tenants.uniqueName("vnone");
    createNamespace(name);
    client.resource(Tenants.owned(name, "alice")).create();

    Tenant tenant = awaitNoNamespace(name);
    assertThat(tenant.getStatus().getVault()).isNull();
    for (String path :
        List.of(
            "transit/keys/" + TenantVaultModel.transitKey(tenant),
            "sys/policies/acl/" + TenantVaultModel.policyName(tenant),
            "auth/kubernetes/role/" + TenantVaultModel.roleName(tenant))) {
      assertThat(statusOf(path)).as(path).isEqualTo(404);
    }
  }

  /**
   * A Tenant left owning none of its namespaces (its own released, the one it declares now someone
   * else's) loses its role, which would bind nothing; its key stays, so its data stays readable.
   */
  @Test
  void aTenantLeftWithNoNamespaceOfItsOwnLosesItsRole() {
    String name = Tenants.uniqueName("vleft");
    VaultStatus facts = createReady(name, "720h").getStatus().getVault();
    String foreign = name + "-foreign";
    createNamespace(foreign);

    Tenants.editSpec(client, name, spec -> spec.setNamespaces(List.of(foreign)));

    awaitNoNamespace(name);
    assertThat(statusOf("auth/kubernetes/role/" + facts.getRole())).isEqualTo(404);
    assertThat(statusOf("transit/keys/" + facts.getTransitKey())).isEqualTo(200);
  }

  @Test
  void deletionRevokesAccessAtOnceAndKeepsTheKeyForItsRetention() {
    String name = Tenants.uniqueName("vdel");
    VaultStatus facts = createReady(name, "720h").getStatus().getVault();
    String ciphertext =
        vault
            .asRoot(
                "POST",
                "transit/encrypt/" + facts.getTransitKey(),
                Map.of("plaintext", base64("kept")))
            .body()
            .at("/data/ciphertext")
            .asText();

    client.resources(Tenant.class).withName(name).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.resources(Tenant.class).withName(name).get() == null);
    assertThat(statusOf("sys/policies/acl/" + facts.getPolicy())).isEqualTo(404);
    assertThat(statusOf("auth/kubernetes/role/" + facts.getRole())).isEqualTo(404);
    // Within the retention (6 s in tests) the old data still decrypts; afterwards the key is gone.
    assertThat(
            vault
                .asRoot(
                    "POST",
                    "transit/decrypt/" + facts.getTransitKey(),
                    Map.of("ciphertext", ciphertext))
                .body()
                .at("/data/plaintext")
                .asText())
        .isEqualTo(base64("kept"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                vault
                        .request(
                            "GET", "transit/keys/" + facts.getTransitKey(), vault.rootToken(), null)
                        .status()
                    == 404);
  }
}
