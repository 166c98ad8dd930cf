package dev.rampart.operator.policy;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.rampart.operator.model.DesiredState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit records of what Rampart changes in a tenant's policy and RBAC: one JSON log line each, on
 * the logger {@code dev.rampart.audit}, with the action, the tenant, the object, and who last
 * changed what led to it (the field manager Kubernetes recorded: kubectl, argocd, helm, ...).
 */
public final class AuditLog {

  private static final Logger audit = LoggerFactory.getLogger("dev.rampart.audit");

  private AuditLog() {}

  public static void record(
      String action, String tenant, String object, String actor, String detail) {
    audit.info(
        "audit {} {} {} {} {}",
        kv("action", action),
        kv("tenant", tenant),
        kv("object", object),
        kv("actor", actor),
        kv("detail", detail));
  }

  /**
   * The field manager that last wrote any of {@code objects} ("unknown" when none recorded it),
   * Rampart's own writes aside.
   */
  public static String lastApplier(Collection<? extends HasMetadata> objects) {
    return objects.stream()
        .flatMap(o -> Optional.ofNullable(o.getMetadata().getManagedFields()).stream())
        .flatMap(Collection::stream)
        .filter(
            entry ->
                entry.getTime() != null && !DesiredState.FIELD_MANAGER.equals(entry.getManager()))
        .max(Comparator.comparing(ManagedFieldsEntry::getTime))
        .map(ManagedFieldsEntry::getManager)
        .filter(Objects::nonNull)
        .orElse("unknown");
  }
}
