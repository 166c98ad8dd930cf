package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.DesiredState;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayDesiredStateTest {

  private static final PaymentWebhook WEBHOOK = Webhooks.stripe("team-a", "payments");

  private static Gateway gateway() {
    return GatewayConfigTest.gateway(WEBHOOK, GatewayConfigTest.rotated());
  }

  private static <T> T copy(T object, Class<T> type) {
    return Serialization.unmarshal(Serialization.asJson(object), type);
  }

  /** What the API server returns: defaults and allocated fields added, others' labels too. */
  private static Service asServed(Service desired) {
    return new ServiceBuilder(copy(desired, Service.class))
        .editMetadata()
        .addToLabels("added-by", "someone")
        .withResourceVersion("7")
        .endMetadata()
        .editSpec()
        .withClusterIP("10.0.0.12")
        .withClusterIPs("10.0.0.12")
        .withSessionAffinity("None")
        .withIpFamilies("IPv4")
        .endSpec()
        .build();
  }

  @Test
  void defaultsAndAllocatedFieldsAreNotDrift() {
    Service desired = GatewayService.of(gateway());
    assertThat(DesiredState.matches(desired, asServed(desired))).isTrue();
    Deployment deployment = GatewayDeployment.of(gateway());
    Deployment served =
        new DeploymentBuilder(copy(deployment, Deployment.class))
            .editSpec()
            .withRevisionHistoryLimit(10)
            .editTemplate()
            .editSpec()
            .withDnsPolicy("ClusterFirst")
            .editFirstContainer()
            .withTerminationMessagePath("/dev/termination-log")
            .withImagePullPolicy("IfNotPresent")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(DesiredState.matches(deployment, served)).isTrue();
  }

  @Test
  void anEditToAFieldRampartSetsIsDrift() {
    Service desired = GatewayService.of(gateway());
    Service edited = asServed(desired);
    edited.getSpec().getPorts().get(0).setTargetPort(new IntOrString("admin"));
    assertThat(DesiredState.matches(desired, edited)).isFalse();

    Service type = asServed(desired);
    type.getSpec().setType("LoadBalancer");
    assertThat(DesiredState.matches(desired, type)).isFalse();
  }

  @Test
  void anAddedListItemIsDrift() {
    Service desired = GatewayService.of(gateway());
    Service extraPort =
        new ServiceBuilder(asServed(desired))
            .editSpec()
            .addNewPort()
            .withName("admin")
            .withPort(8081)
            .endPort()
            .endSpec()
            .build();
    assertThat(DesiredState.matches(desired, extraPort)).isFalse();
  }

  @Test
  void missingLabelsOrOwnerAreDrift() {
    Service desired = GatewayService.of(gateway());
    Service unlabelled = asServed(desired);
    unlabelled.getMetadata().getLabels().remove("rampart.dev/payment-webhook");
    assertThat(DesiredState.matches(desired, unlabelled)).isFalse();
    Service orphan = asServed(desired);
    orphan.getMetadata().setOwnerReferences(List.of());
    assertThat(DesiredState.matches(desired, orphan)).isFalse();
    assertThat(DesiredState.matches(desired, null)).isFalse();
  }

  @Test
  void secretDataIsComparedKeyByKey() {
    Secret desired = GatewaySecrets.gateway(gateway());
    Secret edited = copy(desired, Secret.class);
    edited.getData().put("signing-v3", "d3Jvbmc=");
    assertThat(DesiredState.matches(desired, edited)).isFalse();
    Secret removed = copy(desired, Secret.class);
    removed.getData().remove("forward");
    assertThat(DesiredState.matches(desired, removed)).isFalse();
    assertThat(DesiredState.matches(desired, copy(desired, Secret.class))).isTrue();
  }

  private static Secret withOwnedKeys(Secret secret, String manager, String... keys) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (String key : keys) {
      data.put("f:" + key, Map.of());
    }
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:data", data);
    secret
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager(manager)
                    .withOperation("Apply")
                    .withFieldsType("FieldsV1")
                    .withFieldsV1(fields)
                    .build()));
    return secret;
  }

  @Test
  void aKeyRampartAppliedAndNoLongerWantsIsDriftAndSoIsOneSomeoneElseAdded() {
    Secret desired = GatewaySecrets.gateway(gateway());
    Secret actual = copy(desired, Secret.class);
    actual.getData().put("signing-v1", "b2xk");
    List<String> keys = new ArrayList<>(actual.getData().keySet());
    String[] owned = keys.toArray(String[]::new);
    assertThat(DesiredState.matches(desired, withOwnedKeys(actual, "rampart", owned))).isFalse();
    assertThat(DesiredState.matches(desired, withOwnedKeys(actual, "kubectl-edit", owned)))
        .isFalse();
    String[] wanted = desired.getData().keySet().toArray(String[]::new);
    assertThat(DesiredState.matches(desired, withOwnedKeys(actual, "rampart", wanted))).isTrue();
  }
}
