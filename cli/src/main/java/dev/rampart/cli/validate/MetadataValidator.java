package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the API server checks of a custom resource's metadata: a name (given, or generated from
 * generateName), a DNS subdomain. A namespace is not required (the API server takes the request's)
 * and is ignored for cluster-scoped kinds.
 */
final class MetadataValidator {

  private static final FieldPath METADATA = FieldPath.ROOT.child("metadata");

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final String DNS_SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is '"
          + DNS_SUBDOMAIN.pattern()
          + "')";

  private MetadataValidator() {}

  static void validate(JsonNode document, Crd crd, List<Problem> problems) {
    JsonNode metadata = document.path("metadata");
    String name = metadata.path("name").asText("");
    FieldPath namePath = METADATA.child("name");
    if (name.isEmpty()) {
      problems.add(Problem.required(namePath, "name or generateName is required"));
    } else {
      if (name.length() > 253) {
        problems.add(Problem.invalid(namePath, name, "must be no more than 253 characters"));
      }
      if (!DNS_SUBDOMAIN.matcher(name).matches()) {
        problems.add(Problem.invalid(namePath, name, DNS_SUBDOMAIN_MESSAGE));
      }
    }
    if (!crd.namespaced() && !metadata.path("namespace").asText("").isEmpty()) {
      problems.add(
          Problem.warning("metadata.namespace is ignored: " + crd.kind() + " is cluster-scoped"));
    }
  }
}
