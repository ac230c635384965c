package io.fusebox.settings;

import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.settings.YamlNode.ScalarNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * The type and range of one settings key: how a YAML node becomes the typed value, which typed
 * values are valid, and how a value is written back. Parsing, the builders and the writer share
 * these rules, so a value the writer produces always parses back to itself.
 */
abstract class ValueType {

  /** Longest duration a {@code _seconds} key accepts, in seconds (about 31.7 years). */
  static final BigDecimal MAX_DURATION_SECONDS = BigDecimal.valueOf(1_000_000_000L);

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  /** Returns the Java type of a valid value. */
  abstract Class<?> javaType();

  /**
   * Returns what a valid value is, completing "use ...", for example "an integer of at least 1".
   */
  abstract String expected();

  /** Converts a node to a valid typed value. */
  abstract Object fromNode(YamlNode node) throws InvalidValueException;

  /** Returns why {@code value} (of {@link #javaType()}) is invalid, or null when it is valid. */
  abstract String rangeProblem(Object value);

  /** Renders a valid value as YAML text, in the shortest decimal form for numbers. */
  abstract String toYaml(Object value);

  /** Returns the fix text for a value of this type. */
  final String fix() {
    return "use " + expected();
  }

  final InvalidValueException wrongType(String what) {
    return new InvalidValueException("is not " + what, fix());
  }

  final Object checked(Object value) throws InvalidValueException {
    String problem = rangeProblem(value);
    if (problem != null) {
      throw new InvalidValueException(problem, fix());
    }
    return value;
  }

  /** Renders a decimal without trailing zeros and without an exponent. */
  static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.signum() == 0 ? "0" : stripped.toPlainString();
  }

  /** An integer in {@code [min, Integer.MAX_VALUE]}. */
  static ValueType integer(int min) {
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return Integer.class;
      }

      @Override
      String expected() {
        return "an integer of at least " + min;
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        if (!(node instanceof ScalarNode scalar)
            || scalar.token() != JsonToken.VALUE_NUMBER_INT
            || scalar.number() == null) {
          throw wrongType("an integer");
        }
        BigInteger value = scalar.number().toBigInteger();
        if (value.bitLength() >= Integer.SIZE) {
          throw new InvalidValueException("is out of range", fix());
        }
        return checked(value.intValue());
      }

      @Override
      String rangeProblem(Object value) {
        return (Integer) value < min ? "is out of range" : null;
      }

      @Override
      String toYaml(Object value) {
        return value.toString();
      }
    };
  }

  /** A duration in decimal seconds, above 0 (or at least 0) and at most 10^9 seconds. */
  static ValueType duration(boolean zeroAllowed) {
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return Duration.class;
      }

      @Override
      String expected() {
        return (zeroAllowed ? "0 or more" : "a number greater than 0")
            + " seconds, at most "
            + plain(MAX_DURATION_SECONDS)
            + ", with at most 9 decimal places";
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        BigDecimal seconds = number(node, this);
        if (seconds.stripTrailingZeros().scale() > 9) {
          throw new InvalidValueException("has more than 9 decimal places", fix());
        }
        if (seconds.abs().compareTo(MAX_DURATION_SECONDS) > 0) {
          throw new InvalidValueException("is out of range", fix());
        }
        BigDecimal nanos = seconds.multiply(NANOS_PER_SECOND);
        return checked(Duration.ofNanos(nanos.longValueExact()));
      }

      @Override
      String rangeProblem(Object value) {
        Duration duration = (Duration) value;
        boolean tooLow =
            zeroAllowed ? duration.isNegative() : duration.isNegative() || duration.isZero();
        boolean tooHigh =
            duration.compareTo(Duration.ofSeconds(MAX_DURATION_SECONDS.longValue())) > 0;
        return tooLow || tooHigh ? "is out of range" : null;
      }

      @Override
      String toYaml(Object value) {
        Duration duration = (Duration) value;
        BigDecimal seconds =
            BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9));
        return plain(seconds);
      }
    };
  }

  /**
   * A finite decimal between {@code low} and {@code high} (null for no upper bound); the flags say
   * whether each bound is itself allowed.
   */
  static ValueType decimal(
      double low, boolean lowIncluded, Double high, boolean highIncluded, String expected) {
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return Double.class;
      }

      @Override
      String expected() {
        return expected;
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        BigDecimal value = number(node, this);
        if (value.abs().compareTo(MAX_DURATION_SECONDS) > 0) {
          throw new InvalidValueException("is out of range", fix());
        }
        return checked(value.doubleValue());
      }

      @Override
      String rangeProblem(Object value) {
        double number = (Double) value;
        boolean aboveLow = lowIncluded ? number >= low : number > low;
        boolean belowHigh = high == null || (highIncluded ? number <= high : number < high);
        return Double.isFinite(number) && aboveLow && belowHigh ? null : "is out of range";
      }

      @Override
      String toYaml(Object value) {
        return plain(BigDecimal.valueOf((Double) value));
      }
    };
  }

  private static final Set<String> TRUE_SPELLINGS = Set.of("true", "True", "TRUE");
  private static final Set<String> FALSE_SPELLINGS = Set.of("false", "False", "FALSE");

  /**
   * {@code true} or {@code false}, in the spellings of the YAML 1.2 core schema ({@code true},
   * {@code True}, {@code TRUE} and the same for false). Jackson's YAML 1.1 parser also reads {@code
   * yes}, {@code no}, {@code on} and {@code off} as booleans, but the Rust agent's YAML 1.2 parser
   * reads them as strings, so both agents reject them.
   */
  static ValueType bool() {
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return Boolean.class;
      }

      @Override
      String expected() {
        return "true or false";
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        if (node instanceof ScalarNode scalar) {
          if (scalar.token() == JsonToken.VALUE_TRUE && TRUE_SPELLINGS.contains(scalar.text())) {
            return Boolean.TRUE;
          }
          if (scalar.token() == JsonToken.VALUE_FALSE && FALSE_SPELLINGS.contains(scalar.text())) {
            return Boolean.FALSE;
          }
        }
        throw wrongType("a boolean");
      }

      @Override
      String rangeProblem(Object value) {
        return null;
      }

      @Override
      String toYaml(Object value) {
        return value.toString();
      }
    };
  }

  /** One of the file values of an enum, for example {@code forced_open}. */
  static <E extends Enum<E>> ValueType enumeration(
      Class<E> type, Function<E, String> fileValue, String what) {
    StringBuilder names = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : ", ").append(fileValue.apply(constant));
    }
    return new ValueType() {
      @Override
      Class<?> javaType() {
        return type;
      }

      @Override
      String expected() {
        return "one of " + names;
      }

      @Override
      Object fromNode(YamlNode node) throws InvalidValueException {
        if (node instanceof ScalarNode scalar && scalar.isString()) {
          for (E constant : type.getEnumConstants()) {
            if (fileValue.apply(constant).equals(scalar.text())) {
              return constant;
            }
          }
        }
        throw wrongType("a known " + what);
      }

      @Override
      String rangeProblem(Object value) {
        return null;
      }

      @Override
      String toYaml(Object value) {
        return fileValue.apply(type.cast(value));
      }
    };
  }

  /** Returns the value of a numeric scalar, or throws naming the type. */
  static BigDecimal number(YamlNode node, ValueType type) throws InvalidValueException {
    if (node instanceof ScalarNode scalar
        && (scalar.token() == JsonToken.VALUE_NUMBER_INT
            || scalar.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
      if (scalar.number() == null) {
        throw type.wrongType("a finite number");
      }
      return scalar.number();
    }
    throw type.wrongType("a number");
  }
}
