package dev.rampart.cli.validate;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr.ExprKind;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles {@code x-kubernetes-validations} rules with cel-java in an environment like the API
 * server's: {@code self} and {@code oldSelf}, the standard macros, partial-match regexes (RE2),
 * heterogeneous numeric comparisons, the optional and string extensions and {@link
 * KubernetesLibrary}. Each rule is compiled once.
 */
final class RuleCompiler {

  /** A rule ready to run, or why it cannot be. */
  record Compiled(
      Optional<Program> rule,
      Optional<Program> message,
      boolean transition,
      Optional<String> error) {

    static Compiled failed(String error) {
      return new Compiled(Optional.empty(), Optional.empty(), false, Optional.of(error));
    }
  }

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableRegexPartialMatch(true)
          .enableHeterogeneousNumericComparisons(true)
          .enableOptionalSyntax(true)
          .build();

  /** oldSelf is the previous value; with optionalOldSelf, an optional that is empty on create. */
  private final Cel plain = environment(false);

  private final Cel optionalOldSelf = environment(true);

  private final Map<Rule, Compiled> compiled = new ConcurrentHashMap<>();

  Compiled compile(Rule rule) {
    return compiled.computeIfAbsent(rule, this::compileNow);
  }

  private Compiled compileNow(Rule rule) {
    Cel cel = rule.optionalOldSelf() ? optionalOldSelf : plain;
    try {
      CelAbstractSyntaxTree ast = cel.compile(rule.rule()).getAst();
      Optional<Program> message = Optional.empty();
      if (!rule.messageExpression().isEmpty()) {
        message = Optional.of(cel.createProgram(cel.compile(rule.messageExpression()).getAst()));
      }
      return new Compiled(
          Optional.of(cel.createProgram(ast)), message, readsOldSelf(ast), Optional.empty());
    } catch (CelValidationException e) {
      return Compiled.failed(
          e.getErrors().isEmpty() ? e.getMessage() : e.getErrors().get(0).getMessage());
    } catch (CelEvaluationException e) {
      return Compiled.failed(e.getMessage());
    }
  }

  /** A transition rule: the API server runs it on updates only, comparing with oldSelf. */
  private static boolean readsOldSelf(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .anyMatch(
            node ->
                node.expr().getKind() == ExprKind.Kind.IDENT
                    && node.expr().ident().name().equals("oldSelf"));
  }

  private static Cel environment(boolean optionalOldSelf) {
    return CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(
            CelExtensions.optional(), CelExtensions.strings(), KubernetesLibrary.INSTANCE)
        .addRuntimeLibraries(
            CelExtensions.optional(), CelExtensions.strings(), KubernetesLibrary.INSTANCE)
        .addVar("self", SimpleType.DYN)
        .addVar("oldSelf", optionalOldSelf ? OptionalType.create(SimpleType.DYN) : SimpleType.DYN)
        .build();
  }
}
