package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An application's OpenID Connect client in its tenant's realm: a public one (a browser or mobile
 * app, PKCE only) or a confidential one (a server, whose secret Rampart writes to a Secret beside
 * it). It obeys the realm's client policies like every client there.
 */
@Group("rampart.dev")
@Version("v1alpha1")
@ShortNames("oidc")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Client",
    jsonPath = ".status.clientId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Issuer",
    jsonPath = ".status.issuer",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class OidcClient extends CustomResource<OidcClientSpec, OidcClientStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("The client's kind, redirect URIs, origins and scopes.")
  public OidcClientSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("The client as Keycloak has it; written by Rampart only.")
  public OidcClientStatus getStatus() {
    return super.getStatus();
  }
}
