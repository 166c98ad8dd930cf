package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

public class Source {

  @Required
  @JsonPropertyDescription("A KV version 2 entry under the tenant's prefix.")
  private KvSource kv;

  public Source() {}

  public Source(KvSource kv) {
    this.kv = kv;
  }

  public KvSource getKv() {
    return kv;
  }

  public void setKv(KvSource kv) {
    this.kv = kv;
  }
}
