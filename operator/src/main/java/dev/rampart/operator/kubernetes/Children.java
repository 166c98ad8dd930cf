package dev.rampart.operator.kubernetes;

import dev.rampart.operator.model.DesiredState;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of object a custom resource owns, and the one way Rampart writes such objects. A
 * subclass says only which objects its owner should have ({@link #desired}, computed in {@code
 * model/}); this class watches the kind (only objects Rampart labelled for an owner), writes what
 * {@link DesiredState} says no longer holds, deletes what the owner no longer declares, refuses or
 * takes over an object of the same name that is not the owner's as {@link Adoption} says, and tells
 * the informer about its own writes so they do not wake the reconciler again.
 *
 * @param <P> the owner (primary resource)
 * @param <I> what the desired objects are computed from
 * @param <R> the child kind
 */
public abstract class Children<P extends HasMetadata, I, R extends HasMetadata> {

  /** What happens when an object of a desired name exists that the owner does not control. */
  public enum Adoption {
    /**
     * Created with a plain create, never applied over an existing object: one that exists and is
     * not the owner's is a conflict (namespaces: taking one over would hand its data to a tenant).
     */
    CREATE_ONLY,
    /**
     * Left untouched and reported as a conflict (objects in a namespace a tenant also writes to,
     * such as Secrets: applying over the tenant's own would destroy it).
     */
    REFUSE,
    /**
     * Written over (objects in a namespace Rampart owns, such as its network boundary: whoever made
     * an object of that name first must not decide what it says).
     */
    TAKE_OVER
  }

  private final Class<R> type;
  private final String ownerLabel;
  private final Adoption adoption;
  private InformerEventSource<R, P> eventSource;

  /** Set for kinds watched only in some namespaces: the one always watched. */
  private String home;

  private Set<String> watched = Set.of();

  /**
   * @param ownerLabel the label, set by the desired objects, whose value is the owner's name
   */
  protected Children(Class<R> type, String ownerLabel, Adoption adoption) {
    this.type = type;
    this.ownerLabel = ownerLabel;
    this.adoption = adoption;
  }

  protected Class<R> type() {
    return type;
  }

  /** The objects of this kind the owner should have. */
  protected abstract List<R> desired(I input);

  /**
   * Whether an object of this kind the owner controls and no longer declares is deleted. By default
   * all are; a subclass narrows it (a namespace a tenant stops declaring keeps its objects).
   */
  protected boolean prunable(R existing, I input) {
    return true;
  }

  /**
   * Watches this kind only in the namespaces {@link #watchOnly} names, for kinds Rampart may read
   * only there (Secrets: its RBAC grants them in tenant namespaces alone), and always in {@code
   * home}, where it may (the informer needs at least one namespace).
   */
  public void watchPerNamespace(String home) {
    this.home = home;
    this.watched = Set.of(home);
  }

  private String selector() {
    return ownerLabel + "," + Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_RAMPART;
  }

  /** The informer for this kind; the reconciler registers it as one of its event sources. */
  public InformerEventSource<R, P> eventSource(EventSourceContext<P> context) {
    boolean namespacedOwner = Namespaced.class.isAssignableFrom(context.getPrimaryResourceClass());
    var configuration =
        InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
            .withName(type.getSimpleName())
            .withLabelSelector(selector());
    if (home != null) {
      // JOSDK changes an informer's namespaces only where it "follows" the controller's; the
      // controllers watch every namespace and never change, so only watchOnly changes them.
      configuration.withNamespaces(watched).withFollowControllerNamespacesChanges(true);
    }
    eventSource =
        new InformerEventSource<>(
            configuration
                .withSecondaryToPrimaryMapper(
                    child -> {
                      String owner = child.getMetadata().getLabels().get(ownerLabel);
                      return Set.of(
                          namespacedOwner
                              ? new ResourceID(owner, child.getMetadata().getNamespace())
                              : new ResourceID(owner));
                    })
                .build(),
            context);
    return eventSource;
  }

  /**
   * Makes a kind {@link #watchPerNamespace} watched in exactly {@code namespaces} (and home). A
   * namespace where Rampart may not list the kind yet (its RoleBinding there is not written yet) is
   * left out: an informer that cannot list would stay broken.
   *
   * @return the namespaces left out
   */
  public synchronized Set<String> watchOnly(Set<String> namespaces, ResourceWriter writer) {
    Set<String> wanted = new HashSet<>(watched);
    wanted.retainAll(namespaces);
    wanted.add(home);
    Set<String> refused = new HashSet<>();
    for (String namespace : namespaces) {
      if (!watched.contains(namespace)) {
        if (mayList(namespace, writer)) {
          wanted.add(namespace);
        } else {
          refused.add(namespace);
        }
      }
    }
    if (!wanted.equals(watched)) {
      eventSource.changeNamespaces(wanted);
      watched = Set.copyOf(wanted);
    }
    return refused;
  }

  private boolean mayList(String namespace, ResourceWriter writer) {
    try {
      writer
          .client()
          .resources(type)
          .inNamespace(namespace)
          .withLabelSelector(selector())
          .list(new ListOptionsBuilder().withLimit(1L).build());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The owner's objects of this kind, as last seen: from this kind's own informer, so another
   * source of the same kind (a reconciler may watch more of it) never adds objects to prune.
   */
  public List<R> owned(P owner) {
    return eventSource.getSecondaryResources(owner).stream()
        .filter(existing -> Owners.isControlledBy(existing, owner))
        .toList();
  }

  /** The owner's object of this kind at {@code namespace}/{@code name}, as last seen. */
  public Optional<R> current(P owner, String namespace, String name) {
    return eventSource
        .get(new ResourceID(name, namespace))
        .filter(existing -> Owners.isControlledBy(existing, owner));
  }

  /** A desired object that exists and is not the owner's, left untouched. */
  public record Conflict(String kind, String name) {
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  /**
   * What converging did.
   *
   * @param writes objects created, applied or deleted
   */
  public record Converged(int writes, List<Conflict> conflicts) {

    public static final Converged NOTHING = new Converged(0, List.of());

    public Converged plus(Converged other) {
      List<Conflict> all = new ArrayList<>(conflicts);
      all.addAll(other.conflicts);
      return new Converged(writes + other.writes, all);
    }
  }

  /**
   * The object of {@code desired}'s name in the cluster: the owner's ({@code foreign} false, {@code
   * current} null when there is none yet) or someone else's. Read from the cache; only a name the
   * cache does not hold costs a GET, and only where someone else's would matter.
   */
  public record Found<R>(R current, boolean foreign) {}

  public Found<R> find(P owner, R desired, ResourceWriter writer) {
    R current = eventSource.get(ResourceID.fromResource(desired)).orElse(null);
    if (current == null && adoption != Adoption.TAKE_OVER) {
      // The cache holds only objects Rampart labelled: this may be someone else's, or ours and
      // not seen yet.
      current = writer.client().resource(desired).get();
    }
    boolean foreign =
        current != null && adoption != Adoption.TAKE_OVER && !Owners.isControlledBy(current, owner);
    return new Found<>(current, foreign);
  }

  /** Writes the owner's desired objects of this kind where they differ, and prunes the rest. */
  public Converged converge(P owner, I input, ResourceWriter writer) {
    int writes = 0;
    List<Conflict> conflicts = new ArrayList<>();
    Set<ResourceID> wanted = new HashSet<>();
    for (R object : desired(input)) {
      wanted.add(ResourceID.fromResource(object));
      Optional<Boolean> wrote = write(owner, object, writer);
      if (wrote.isEmpty()) {
        conflicts.add(new Conflict(type.getSimpleName(), object.getMetadata().getName()));
      } else if (wrote.get()) {
        writes++;
      }
    }
    for (R stale :
        owned(owner).stream()
            .filter(existing -> !wanted.contains(ResourceID.fromResource(existing)))
            .filter(existing -> prunable(existing, input))
            .toList()) {
      writer.delete(stale);
      writes++;
    }
    return new Converged(writes, conflicts);
  }

  /** Writes one desired object unless it holds: whether it wrote, empty when it is not ours. */
  private Optional<Boolean> write(P owner, R desired, ResourceWriter writer) {
    ResourceID ownerId = ResourceID.fromResource(owner);
    Found<R> found = find(owner, desired, writer);
    if (found.foreign()) {
      return Optional.empty();
    }
    R current = found.current();
    if (adoption == Adoption.CREATE_ONLY && current == null) {
      // Looked up first, so a name someone else holds costs a read on every recheck, not a
      // refused create; the create still fails if the name is taken in between.
      Optional<R> created = writer.createUnlessExists(desired);
      created.ifPresent(object -> eventSource.handleRecentResourceCreate(ownerId, object));
      return created.map(object -> true);
    }
    if (DesiredState.matches(desired, current)) {
      return Optional.of(false);
    }
    R applied = writer.apply(desired);
    if (!DesiredState.matches(desired, applied)) {
      // Someone else's fields remain, which only a replacement removes.
      applied = writer.replace(DesiredState.replacement(desired, applied));
    }
    if (current == null) {
      eventSource.handleRecentResourceCreate(ownerId, applied);
    } else {
      eventSource.handleRecentResourceUpdate(ownerId, applied, current);
    }
    return Optional.of(true);
  }
}
