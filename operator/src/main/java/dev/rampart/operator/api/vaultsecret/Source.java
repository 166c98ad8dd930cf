package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "has(self.kv) != has(self.database)",
    message = "source must have exactly one of kv (a KV entry) or database (dynamic credentials)")
public class Source {

  @JsonPropertyDescription("A KV version 2 entry under the tenant's prefix.")
  private KvSource kv;

  @JsonPropertyDescription(
      "Dynamic credentials of one of the tenant's database roles: keys username and password."
          + " Rampart renews the lease, issues new credentials (and restarts the"
          + " rolloutRestartTargets) before the lease's max TTL, and revokes the lease when the"
          + " VaultSecret is deleted.")
  private DatabaseSource database;

  public Source() {}

  public Source(KvSource kv) {
    this.kv = kv;
  }

  public Source(DatabaseSource database) {
    this.database = database;
  }

  public KvSource getKv() {
    return kv;
  }

  public void setKv(KvSource kv) {
    this.kv = kv;
  }

  public DatabaseSource getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSource database) {
    this.database = database;
  }
}
