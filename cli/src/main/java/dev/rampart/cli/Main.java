package dev.rampart.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code rampart}: what a GitOps pipeline runs on Rampart resources before they merge, with no
 * cluster. Exit status 0 when all holds, 1 when something fails, 2 on a usage or reading error.
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage: rampart test [--opa=PATH] [--data-classification=LEVEL] FILE...
             rampart validate FILE...

        test      compiles the TenantRoles in FILEs as the operator does, per tenant, and runs every
                  test of every role in OPA and Cedar; prints each failing case
                  --opa: the opa binary (default: $RAMPART_OPA, else opa on PATH)
                  --data-classification: for TenantRoles of a namespace no Tenant in FILEs declares,
                  the tenant's classification (default restricted)
        validate  checks every Rampart resource in FILEs against the CRD schemas and their CEL
                  rules, as the API server would

      FILE: a YAML manifest (several documents allowed) or a directory of them (*.yaml, *.yml)
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err, System.getenv()));
  }

  static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.isEmpty()) {
      err.print(USAGE_TEXT);
      return USAGE;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (args.get(0)) {
        case "test" -> TestCommand.run(rest, out, env);
        case "validate" -> ValidateCommand.run(rest, out);
        case "help", "--help", "-h" -> {
          out.print(USAGE_TEXT);
          yield OK;
        }
        default -> throw new UsageException("unknown command " + args.get(0));
      };
    } catch (UsageException e) {
      err.println("rampart: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    } catch (Manifests.ManifestException e) {
      err.println("rampart: " + e.getMessage());
      return USAGE;
    }
  }

  /** A command line that does not say what to do. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** The values of {@code --name=value} options and the other arguments, in order. */
  record Options(Map<String, String> named, List<String> files) {

    static Options parse(List<String> args, List<String> known) {
      Map<String, String> named = new java.util.HashMap<>();
      List<String> files = new java.util.ArrayList<>();
      for (String arg : args) {
        if (arg.startsWith("--")) {
          String[] parts = arg.substring(2).split("=", 2);
          if (parts.length != 2 || !known.contains(parts[0])) {
            throw new UsageException(
                "unknown option " + arg + " (known: " + Arrays.toString(known.toArray()) + ")");
          }
          named.put(parts[0], parts[1]);
        } else {
          files.add(arg);
        }
      }
      if (files.isEmpty()) {
        throw new UsageException("no FILE given");
      }
      return new Options(named, files);
    }
  }
}
