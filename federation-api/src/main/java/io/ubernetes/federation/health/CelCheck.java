package io.ubernetes.federation.health;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CEL check of a health rule: compiled once (at admission, and again when the rule is read), with
 * {@code object} bound to what the agent reported of the live object, and evaluated with a limit on
 * the nodes it may evaluate and on the iterations of its comprehensions, so that no rule can hold
 * up a status computation.
 */
final class CelCheck {
  static final int MAX_LENGTH = 2048;
  static final int MAX_EVALUATED_NODES = 10_000;
  static final int MAX_ITERATIONS = 1_000;

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(
              CelOptions.current()
                  .comprehensionMaxIterations(MAX_ITERATIONS)
                  .maxExpressionCodePointSize(MAX_LENGTH)
                  .build())
          // has(), all(), exists(), exists_one(), map() and filter(), as in Kubernetes' CEL.
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .setResultType(SimpleType.BOOL)
          .build();

  private final CelRuntime.Program program;
  private final String error;

  private CelCheck(CelRuntime.Program program, String error) {
    this.program = program;
    this.error = error;
  }

  /** The expression compiled; or, when it does not compile, the compiler's words. */
  static CelCheck compile(String expression) {
    if (expression.isBlank()) {
      return new CelCheck(null, "must not be blank");
    }
    if (expression.length() > MAX_LENGTH) {
      return new CelCheck(null, "at most " + MAX_LENGTH + " characters");
    }
    try {
      CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
      return new CelCheck(CEL.createProgram(ast), null);
    } catch (CelValidationException e) {
      return new CelCheck(null, e.getMessage());
    } catch (CelEvaluationException | RuntimeException e) {
      return new CelCheck(null, "cannot be planned: " + e.getMessage());
    }
  }

  Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** Thrown when an expression cannot be evaluated on an object: it says why. */
  static final class EvaluationException extends Exception {
    EvaluationException(String message) {
      super(message);
    }
  }

  /** Whether the expression holds for {@code object}. */
  boolean test(Map<String, Object> object) throws EvaluationException {
    if (program == null) {
      throw new EvaluationException(error);
    }
    int[] evaluated = {0};
    Object result;
    try {
      result =
          program.trace(
              Map.of("object", celValue(object)),
              (expr, value) -> {
                if (++evaluated[0] > MAX_EVALUATED_NODES) {
                  throw new CostExceeded();
                }
              });
    } catch (CelEvaluationException | RuntimeException e) {
      // A runtime error of the library on an unforeseen value is the rule's failure, not ours.
      throw new EvaluationException(
          costExceeded(e)
              ? "evaluation stopped: more than " + MAX_EVALUATED_NODES + " steps"
              : String.valueOf(e.getMessage()));
    }
    if (result instanceof Boolean verdict) {
      return verdict;
    }
    throw new EvaluationException(
        "yields " + (result == null ? "null" : result.getClass().getSimpleName()) + ", not a bool");
  }

  private static boolean costExceeded(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CostExceeded) {
        return true;
      }
    }
    return false;
  }

  /** JSON values as CEL reads them: integers as longs, other numbers as doubles. */
  static Object celValue(Object value) {
    return switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), celValue(v)));
        yield copy;
      }
      case List<?> list -> {
        List<Object> copy = new ArrayList<>();
        list.forEach(v -> copy.add(celValue(v)));
        yield copy;
      }
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case java.math.BigInteger big -> big.longValue();
      case Float f -> f.doubleValue();
      case java.math.BigDecimal decimal -> decimal.doubleValue();
      case null -> dev.cel.common.values.NullValue.NULL_VALUE;
      default -> value;
    };
  }

  private static final class CostExceeded extends RuntimeException {
    CostExceeded() {
      super(null, null, false, false);
    }
  }
}
