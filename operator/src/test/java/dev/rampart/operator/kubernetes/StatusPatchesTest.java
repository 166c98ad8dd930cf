package dev.rampart.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

class StatusPatchesTest {

  private static final KubernetesClientException REFUSED =
      new KubernetesClientException(
          new StatusBuilder()
              .withCode(422)
              .withMessage(
                  "Deployment.apps \"x\" is invalid: must be less than or equal to cpu limit")
              .build());

  @Test
  void kubernetesOwnMessageIsShownAlsoWhenWrapped() {
    assertThat(StatusPatches.failureMessage(REFUSED)).contains("less than or equal to cpu limit");
    assertThat(StatusPatches.failureMessage(new OperatorException("wrapped", REFUSED)))
        .contains("less than or equal to cpu limit");
  }

  @Test
  void anyOtherMessageIsReducedToTheExceptionsType() {
    assertThat(
            StatusPatches.failureMessage(
                new IllegalStateException("password=hunter2", new RuntimeException("token"))))
        .isEqualTo("IllegalStateException");
  }
}
