package dev.rampart.cli;

import dev.rampart.cli.Main.Options;
import dev.rampart.cli.Main.UsageException;
import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.policy.PolicyLibrary;
import dev.rampart.operator.model.policy.TenantRoleCompiler;
import dev.rampart.operator.policy.OpaEngine;
import dev.rampart.operator.policy.PolicyCheck;
import dev.rampart.operator.policy.PolicyCheck.Checked;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rampart test}: the TenantRoles of the manifests, grouped by tenant, compiled and tested as
 * the operator does before it serves a bundle (the same {@link PolicyCheck}).
 */
final class TestCommand {

  private TestCommand() {}

  static int run(List<String> args, PrintStream out, Map<String, String> env) {
    Options options = Options.parse(args, List.of("opa", "data-classification"));
    Path opa = opa(options, env);
    DataClassification fallback = classification(options);
    List<Manifests.Resource> resources = Manifests.read(options.files());
    List<Tenant> tenants = new ArrayList<>();
    List<TenantRole> roles = new ArrayList<>();
    for (Manifests.Resource resource : resources) {
      switch (resource.kind()) {
        case "Tenant" -> tenants.add(resource.as(Tenant.class));
        case "TenantRole" -> {
          TenantRole role = resource.as(TenantRole.class);
          if (role.getMetadata() == null || role.getMetadata().getNamespace() == null) {
            throw new Manifests.ManifestException(
                resource.where()
                    + ": TenantRole "
                    + resource.name()
                    + " has no metadata.namespace; a TenantRole is compiled with its tenant's",
                null);
          }
          roles.add(role);
        }
        default -> {
          // Other kinds have no tests; rampart validate checks them.
        }
      }
    }
    if (roles.isEmpty()) {
      out.println("no TenantRole in " + String.join(" ", options.files()));
      return Main.OK;
    }
    Map<TenantRoleCompiler.Tenant, List<TenantRole>> byTenant = new LinkedHashMap<>();
    for (TenantRole role : roles) {
      byTenant.computeIfAbsent(tenantOf(role, tenants, fallback), t -> new ArrayList<>()).add(role);
    }
    PolicyCheck check = new PolicyCheck(PolicyLibrary.builtIn(), Optional.of(new OpaEngine(opa)));
    boolean passed = true;
    for (var entry : byTenant.entrySet()) {
      passed &=
          report(
              entry.getKey(), entry.getValue(), check.check(entry.getKey(), entry.getValue()), out);
    }
    return passed ? Main.OK : Main.FAILED;
  }

  private static boolean report(
      TenantRoleCompiler.Tenant tenant, List<TenantRole> roles, Checked checked, PrintStream out) {
    int tests = checked.compiled().cases().size();
    String what =
        "tenant " + tenant.name() + ": " + roles.size() + " TenantRole(s), " + tests + " test(s)";
    if (checked.passed()) {
      out.println(
          "ok   "
              + what
              + " hold in OPA and Cedar (bundle revision "
              + checked.bundle().revision()
              + ")");
      return true;
    }
    out.println("FAIL " + what);
    checked
        .compiled()
        .invalid()
        .forEach((role, why) -> out.println("  invalid TenantRole " + role + ": " + why));
    checked.engineProblem().ifPresent(problem -> out.println("  cannot test: " + problem));
    checked.failures().forEach(failure -> out.println("  " + failure));
    return false;
  }

  /**
   * The Tenant of the manifests whose namespaces hold the role; else a tenant of that namespace
   * alone, as the operator would see a tenant that declares only it.
   */
  private static TenantRoleCompiler.Tenant tenantOf(
      TenantRole role, List<Tenant> tenants, DataClassification fallback) {
    String namespace = role.getMetadata().getNamespace();
    for (Tenant tenant : tenants) {
      if (tenant.namespaceNames().contains(namespace)) {
        return new TenantRoleCompiler.Tenant(
            tenant.getMetadata().getName(),
            tenant.getSpec().getDataClassification(),
            Set.copyOf(tenant.namespaceNames()));
      }
    }
    return new TenantRoleCompiler.Tenant(namespace, fallback, Set.of(namespace));
  }

  private static DataClassification classification(Options options) {
    String value = options.named().getOrDefault("data-classification", "restricted");
    return Arrays.stream(DataClassification.values())
        .filter(level -> level.label().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "--data-classification="
                        + value
                        + ": must be public, internal, confidential or restricted"));
  }

  /** --opa, else $RAMPART_OPA, else the first opa on PATH. */
  private static Path opa(Options options, Map<String, String> env) {
    Optional<String> named =
        Optional.ofNullable(options.named().get("opa"))
            .or(() -> Optional.ofNullable(env.get("RAMPART_OPA")));
    if (named.isPresent()) {
      Path path = Path.of(named.get());
      if (!Files.isExecutable(path)) {
        throw new UsageException(path + " is not an executable opa");
      }
      return path;
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "opa");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new UsageException("no opa found: pass --opa=PATH or set RAMPART_OPA");
  }
}
