package dev.rampart.cli.validate;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.DOUBLE;
import static dev.cel.common.types.SimpleType.INT;
import static dev.cel.common.types.SimpleType.STRING;

import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Kubernetes CEL functions that cel-java lacks and Rampart's CRDs use, with the API server's
 * semantics: the quantity library ({@code isQuantity}, {@code quantity} and the methods of a
 * Quantity) and {@code isCIDR}.
 */
final class KubernetesLibrary implements CelCompilerLibrary, CelRuntimeLibrary {

  static final KubernetesLibrary INSTANCE = new KubernetesLibrary();

  private static final OpaqueType QUANTITY = OpaqueType.create("kubernetes.Quantity");

  /** A declared overload and the Java code that runs it. */
  private record Overload(String function, CelOverloadDecl declaration, CelFunctionBinding code) {}

  private static final List<Overload> OVERLOADS =
      List.of(
          global("isQuantity", BOOL, STRING, String.class, s -> Quantity.parse(s).isPresent()),
          global("quantity", QUANTITY, STRING, String.class, KubernetesLibrary::quantity),
          global("isCIDR", BOOL, STRING, String.class, IpAddresses::isCidr),
          withQuantity("isLessThan", BOOL, (a, b) -> a.compareTo(b) < 0),
          withQuantity("isGreaterThan", BOOL, (a, b) -> a.compareTo(b) > 0),
          withQuantity("compareTo", INT, (a, b) -> (long) Integer.signum(a.compareTo(b))),
          method("sign", INT, q -> (long) q.value().signum()),
          method("isInteger", BOOL, q -> isInteger(q.value())),
          method("asInteger", INT, KubernetesLibrary::asInteger),
          method("asApproximateFloat", DOUBLE, q -> q.value().doubleValue()),
          withQuantity("add", QUANTITY, (a, b) -> new Quantity(a.value().add(b.value()))),
          withQuantity("sub", QUANTITY, (a, b) -> new Quantity(a.value().subtract(b.value()))),
          withInt("add", (q, n) -> new Quantity(q.value().add(BigDecimal.valueOf(n)))),
          withInt("sub", (q, n) -> new Quantity(q.value().subtract(BigDecimal.valueOf(n)))));

  private KubernetesLibrary() {}

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    Map<String, List<CelOverloadDecl>> byFunction =
        OVERLOADS.stream()
            .collect(
                Collectors.groupingBy(
                    Overload::function,
                    Collectors.mapping(Overload::declaration, Collectors.toList())));
    byFunction.forEach(
        (name, overloads) ->
            checker.addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration(name, overloads)));
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    runtime.addFunctionBindings(OVERLOADS.stream().map(Overload::code).toList());
  }

  private static Quantity quantity(String text) throws CelEvaluationException {
    return Quantity.parse(text)
        .orElseThrow(() -> new CelEvaluationException(Quantity.FORMAT_ERROR));
  }

  private static boolean isInteger(BigDecimal value) {
    return value.stripTrailingZeros().scale() <= 0
        && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
        && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
  }

  private static long asInteger(Quantity quantity) throws CelEvaluationException {
    if (!isInteger(quantity.value())) {
      throw new CelEvaluationException("cannot convert value to integer");
    }
    return quantity.value().longValueExact();
  }

  private static <T> Overload global(
      String name,
      CelType result,
      CelType parameter,
      Class<T> type,
      CelFunctionOverload.Unary<T> code) {
    String id = name + "_" + parameter.name();
    return new Overload(
        name,
        CelOverloadDecl.newGlobalOverload(id, result, parameter),
        CelFunctionBinding.from(id, type, code));
  }

  private static Overload method(
      String name, CelType result, CelFunctionOverload.Unary<Quantity> code) {
    String id = "quantity_" + name;
    return new Overload(
        name,
        CelOverloadDecl.newMemberOverload(id, result, QUANTITY),
        CelFunctionBinding.from(id, Quantity.class, code));
  }

  private static Overload withQuantity(
      String name, CelType result, CelFunctionOverload.Binary<Quantity, Quantity> code) {
    String id = "quantity_" + name + "_quantity";
    return new Overload(
        name,
        CelOverloadDecl.newMemberOverload(id, result, QUANTITY, QUANTITY),
        CelFunctionBinding.from(id, Quantity.class, Quantity.class, code));
  }

  private static Overload withInt(String name, CelFunctionOverload.Binary<Quantity, Long> code) {
    String id = "quantity_" + name + "_int";
    return new Overload(
        name,
        CelOverloadDecl.newMemberOverload(id, QUANTITY, QUANTITY, INT),
        CelFunctionBinding.from(id, Quantity.class, Long.class, code));
  }
}
