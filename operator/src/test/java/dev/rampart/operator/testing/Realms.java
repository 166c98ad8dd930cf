package dev.rampart.operator.testing;

import dev.rampart.operator.api.auth.Auth;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.auth.SslRequired;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Conditions;

/** Test tenants with a Keycloak realm (spec.auth), and what their status.auth says. */
public final class Realms {

  private Realms() {}

  /**
   * Creates a tenant with spec.auth, owned by alice, and waits until its realm is ready. Plain HTTP
   * is allowed from private addresses (sslRequired external): the test Keycloak has no TLS.
   */
  public static String tenantWithRealm(String prefix, AuthDeletionPolicy deletion) {
    String name = Tenants.uniqueName(prefix);
    Tenant tenant = Tenants.owned(name, "alice");
    Auth auth = new Auth();
    auth.setSslRequired(SslRequired.EXTERNAL);
    auth.setDeletionPolicy(deletion);
    tenant.getSpec().setAuth(auth);
    TestCluster.admin().resource(tenant).create();
    Tenants.awaitTenant(TestCluster.admin(), name, Realms::isReady);
    return name;
  }

  /** status.auth is Ready for the current spec. */
  public static boolean isReady(Tenant tenant) {
    return tenant.getStatus() != null
        && tenant.getStatus().getAuth() != null
        && tenant
            .getMetadata()
            .getGeneration()
            .equals(tenant.getStatus().getAuth().getObservedGeneration())
        && Conditions.isTrue(tenant.getStatus().getAuth().getConditions(), Conditions.READY);
  }

  /** The reason of status.auth's Ready condition. */
  public static String reason(Tenant tenant) {
    return tenant.getStatus().getAuth().getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getReason();
  }

  /** The tenant's issuer in the test Keycloak. */
  public static String issuer(String tenant) {
    return TestCluster.keycloak().url() + "/realms/tenant-" + tenant;
  }
}
