package dev.rampart.cli;

import dev.rampart.cli.Main.Options;
import dev.rampart.cli.validate.Problem;
import dev.rampart.cli.validate.Validator;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code rampart validate}: every Rampart resource of the manifests against its CRD's schema and
 * CEL rules, as the API server would judge it on create; prints each resource's verdict and
 * problems.
 */
final class ValidateCommand {

  private ValidateCommand() {}

  static int run(List<String> args, PrintStream out) {
    Options options = Options.parse(args, List.of());
    List<Manifests.Resource> resources = Manifests.read(options.files());
    if (resources.isEmpty()) {
      out.println("no Rampart resource in " + String.join(" ", options.files()));
      return Main.OK;
    }
    Validator validator = Validator.rampart();
    int invalid = 0;
    for (Manifests.Resource resource : resources) {
      List<Problem> problems = validator.validate(resource.document());
      boolean valid = problems.stream().noneMatch(Problem::isError);
      out.println(
          (valid ? "ok   " : "FAIL ")
              + resource.where()
              + " "
              + resource.kind()
              + " "
              + resource.name());
      problems.forEach(problem -> out.println("  " + problem));
      invalid += valid ? 0 : 1;
    }
    out.println(
        resources.size()
            + " resource(s): "
            + (resources.size() - invalid)
            + " valid, "
            + invalid
            + " invalid");
    return invalid == 0 ? Main.OK : Main.FAILED;
  }
}
