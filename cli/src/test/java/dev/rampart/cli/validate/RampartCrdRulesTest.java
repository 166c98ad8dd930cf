package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every x-kubernetes-validations rule of Rampart's CRDs compiles here, so none goes unchecked. */
class RampartCrdRulesTest {

  @Test
  void everyRuleCompiles() {
    List<Rule> rules = new ArrayList<>();
    Crd.rampart().values().forEach(crd -> collect(crd.schema(), rules));
    RuleCompiler compiler = new RuleCompiler();
    assertThat(rules).hasSizeGreaterThan(40);
    assertThat(rules)
        .allSatisfy(rule -> assertThat(compiler.compile(rule).error()).as(rule.rule()).isEmpty());
  }

  @Test
  void theOnlyTransitionRuleHasAnOptionalOldSelf() {
    List<Rule> rules = new ArrayList<>();
    Crd.rampart().values().forEach(crd -> collect(crd.schema(), rules));
    RuleCompiler compiler = new RuleCompiler();
    assertThat(rules.stream().filter(rule -> compiler.compile(rule).transition()))
        .singleElement()
        .extracting(Rule::optionalOldSelf)
        .isEqualTo(true);
  }

  private static void collect(Schema schema, List<Rule> rules) {
    rules.addAll(schema.rules());
    schema.properties().values().forEach(property -> collect(property, rules));
    schema.items().ifPresent(items -> collect(items, rules));
    schema.additionalProperties().ifPresent(values -> collect(values, rules));
  }
}
