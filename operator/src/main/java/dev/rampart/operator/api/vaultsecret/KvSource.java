package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class KvSource {

  @Required
  @Size(min = 1, max = 512)
  @ValidationRule(
      value = "!self.startsWith('/')",
      message =
          "path must be relative to the tenant's prefix tenants/<tenant>/, so it must not start"
              + " with /")
  @ValidationRule(
      value = "self.matches('^[A-Za-z0-9._/-]*$')",
      message = "path may contain only letters, digits, '.', '_', '-' and '/'")
  @ValidationRule(
      value = "!self.matches('(^|/)[.][.]?(/|$)')",
      message = "path must not contain '.' or '..' segments: it cannot leave the tenant's prefix")
  @ValidationRule(
      value = "!self.endsWith('/') && !self.contains('//')",
      message = "path must name an entry: no trailing '/' and no empty segments")
  @JsonPropertyDescription(
      "The entry's path relative to the tenant's KV prefix, e.g. db/credentials for"
          + " secret/data/tenants/<tenant>/db/credentials. The tenant is the namespace's"
          + " rampart.dev/tenant label.")
  private String path;

  @Min(1)
  @JsonPropertyDescription("A fixed KV version to read; the latest version when absent.")
  private Long version;

  public KvSource() {}

  public KvSource(String path, Long version) {
    this.path = path;
    this.version = version;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
