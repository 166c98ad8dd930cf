package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.RolloutTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts workloads' pods by setting {@code rampart.dev/restartedAt} on their pod template (what
 * {@code kubectl rollout restart} does). Requests for the same workload within {@link #WINDOW}
 * collapse into one restart at the window's end, which then picks up every change before it.
 */
final class RolloutRestarts {

  private static final Logger log = LoggerFactory.getLogger(RolloutRestarts.class);

  static final String ANNOTATION = "rampart.dev/restartedAt";
  static final Duration WINDOW = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Clock clock;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("rampart-rollout-restarts").factory());

  RolloutRestarts(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Restarts the workload at the end of the current window (opening one if none is open). */
  void request(String namespace, RolloutTarget target) {
    String key = namespace + "/" + target.getKind() + "/" + target.getName();
    if (pending.add(key)) {
      scheduler.schedule(
          () -> {
            pending.remove(key);
            restart(namespace, target);
          },
          WINDOW.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void restart(String namespace, RolloutTarget target) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String patch =
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\""
            + ANNOTATION
            + "\":\""
            + now
            + "\"}}}}}";
    PatchContext strategicMerge = PatchContext.of(PatchType.STRATEGIC_MERGE);
    try {
      switch (target.getKind()) {
        case Deployment ->
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(target.getName())
                .patch(strategicMerge, patch);
        case StatefulSet ->
            client
                .apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(target.getName())
                .patch(strategicMerge, patch);
        case DaemonSet ->
            client
                .apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName(target.getName())
                .patch(strategicMerge, patch);
      }
      log.info(
          "restarted {} {}/{} after its secret changed",
          target.getKind(),
          namespace,
          target.getName());
    } catch (KubernetesClientException e) {
      log.warn(
          "could not restart {} {}/{}: HTTP {}",
          target.getKind(),
          namespace,
          target.getName(),
          e.getCode());
    }
  }
}
