package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a Rampart resource as the API server would on create, with no cluster: its metadata, then
 * (after the API server's defaulting) its CRD's schema and, when the schema holds, the CRD's CEL
 * rules.
 */
public final class Validator {

  private final Map<String, Crd> crds;
  private final SchemaValidator schemas = new SchemaValidator();
  private final RuleValidator rules = new RuleValidator();

  public Validator(Map<String, Crd> crds) {
    this.crds = Map.copyOf(crds);
  }

  /** A validator of the CRDs of the operator this CLI was built with. */
  public static Validator rampart() {
    return new Validator(Crd.rampart());
  }

  /** The errors and warnings of one resource; valid when none {@link Problem#isError is one}. */
  public List<Problem> validate(JsonNode document) {
    String kind = document.path("kind").asText("");
    Crd crd = crds.get(kind);
    if (crd == null) {
      return List.of(
          Problem.notSupported(
              FieldPath.ROOT.child("kind"), kind, crds.keySet().stream().sorted().toList()));
    }
    JsonNode defaulted = document.deepCopy();
    Defaulting.generateName(defaulted);
    List<Problem> problems = new ArrayList<>();
    MetadataValidator.validate(defaulted, crd, problems);
    Defaulting.apply(defaulted, crd.schema());
    schemas.validate(defaulted, crd.schema(), problems);
    if (problems.stream().anyMatch(Problem::blocksRules)) {
      problems.add(Problem.rulesNotChecked());
    } else {
      rules.validate(defaulted, crd.schema(), problems);
    }
    return problems;
  }
}
